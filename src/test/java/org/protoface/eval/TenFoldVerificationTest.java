package org.protoface.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TenFoldVerificationTest {

    @Test
    void perfectlySeparableScoresGiveFullAccuracyAndThresholdsInTheGap() {
        Random random = new Random(1);
        int n = 200;
        double[] scores = new double[n];
        boolean[] same = new boolean[n];
        for (int i = 0; i < n; i++) {
            same[i] = random.nextBoolean();
            scores[i] = same[i] ? 0.6 + 0.4 * random.nextDouble() : 0.4 * random.nextDouble();
        }
        TenFoldResult r = TenFoldVerification.evaluate(new PairScores(scores, same));

        assertThat(r.foldAccuracies()).containsOnly(1.0);
        assertThat(r.meanAccuracy()).isEqualTo(1.0);
        assertThat(r.stdAccuracy()).isEqualTo(0.0);
        assertThat(boxed(r.foldThresholds())).allSatisfy(t -> assertThat(t).isBetween(0.0, 1.0));
        double maxImpostor = 0, minGenuine = 1;
        for (int i = 0; i < n; i++) {
            if (same[i]) minGenuine = Math.min(minGenuine, scores[i]);
            else maxImpostor = Math.max(maxImpostor, scores[i]);
        }
        assertThat(r.meanThreshold()).isBetween(maxImpostor, minGenuine);
    }

    /*
     * Ten pairs, one per fold. Sorted: .05D .1D .2D .3S .4D .5D .6S .7D .8S .9S. The expected
     * thresholds and accuracies below were worked out by hand, fold by fold: remove the held-out
     * pair, count "different below the cut + same above the cut" for every cut, take the lowest
     * best cut, place the threshold at the midpoint of the gap, and classify the held-out pair.
     */
    private static final double[] HAND_SCORES = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
    private static final boolean[] HAND_SAME = {true, true, false, true, false, false, true, false, false, false};

    @Test
    void handComputedThresholdsAndAccuraciesPerFold() {
        TenFoldResult r = TenFoldVerification.evaluate(new PairScores(HAND_SCORES, HAND_SAME));

        double[] expectedThresholds = {0.55, 0.55, 0.55, 0.75, 0.25, 0.25, 0.55, 0.55, 0.55, 0.55};
        double[] expectedAccuracies = {1, 1, 0, 0, 0, 0, 0, 1, 1, 1};
        double[] thresholds = r.foldThresholds();
        for (int f = 0; f < 10; f++) assertThat(thresholds[f]).as("fold %d threshold", f).isCloseTo(expectedThresholds[f], within(1e-12));
        assertThat(r.foldAccuracies()).containsExactly(expectedAccuracies);
        assertThat(r.meanAccuracy()).isEqualTo(0.5);
        assertThat(r.meanThreshold()).isCloseTo(0.51, within(1e-12));
    }

    @Test
    void stdIsThePopulationStdNotTheSampleStd() {
        TenFoldResult r = TenFoldVerification.evaluate(new PairScores(HAND_SCORES, HAND_SAME));
        // Accuracies are five 1s and five 0s: population std 0.5, sample std sqrt(2.5/9) = 0.527.
        assertThat(r.stdAccuracy()).isCloseTo(0.5, within(1e-15));

        double[] acc = {0.9, 0.95, 1.0, 0.85, 0.9, 0.9, 0.95, 1.0, 0.8, 0.9};
        double mean = 0;
        for (double a : acc) mean += a / acc.length;
        double squares = 0;
        for (double a : acc) squares += (a - mean) * (a - mean);
        assertThat(TenFoldVerification.populationStd(acc, TenFoldVerification.mean(acc)))
                .isCloseTo(Math.sqrt(squares / 10), within(1e-15));
    }

    @Test
    void thresholdIsChosenOnTheNineOtherFoldsOnly() {
        // Fold 3 holds 0.6 (same). With all ten pairs the best lowest cut is 0.55, which would
        // accept it; without it the best cut moves to 0.75 and the held-out pair is rejected.
        double leakyThreshold = lowestBestThreshold(HAND_SCORES, HAND_SAME, -1);
        assertThat(leakyThreshold).isCloseTo(0.55, within(1e-12));
        assertThat(HAND_SCORES[3] > leakyThreshold).isTrue();

        TenFoldResult r = TenFoldVerification.evaluate(new PairScores(HAND_SCORES, HAND_SAME));
        assertThat(r.foldThresholds()[3]).isCloseTo(0.75, within(1e-12));
        assertThat(r.foldAccuracies()[3]).isEqualTo(0.0);
    }

    @Test
    void tiedScoresStayOnOneSideOfTheThreshold() {
        // All twenty scores are equal: the only choices are "all same" and "all different".
        int n = 20;
        double[] scores = new double[n];
        Arrays.fill(scores, 0.5);
        boolean[] same = new boolean[n];
        for (int i = 0; i < 12; i++) same[i] = true; // folds 0-5 same, folds 6-9 different
        TenFoldResult r = TenFoldVerification.evaluate(new PairScores(scores, same));

        // Every training split has more same than different, so every fold predicts "all same".
        assertThat(r.foldAccuracies()).containsExactly(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
        assertThat(boxed(r.foldThresholds())).allSatisfy(t -> assertThat(t).isLessThan(0.5));
    }

    @Test
    void equalTrainingAccuracyPrefersTheLowestThreshold() {
        // Every fold holds 0.2D 0.4S 0.6D 0.8S, so each training split has nine of each. Cuts:
        // below all 18 right, after .2 27, after .4 18, after .6 27, after .8 18: a tie between
        // the gaps .2|.4 and .6|.8, and the lower one (threshold 0.3) must win.
        double[] pattern = {0.2, 0.4, 0.6, 0.8};
        double[] scores = new double[40];
        boolean[] same = new boolean[40];
        for (int i = 0; i < 40; i++) {
            scores[i] = pattern[i % 4];
            same[i] = (i % 2) == 1;
        }
        TenFoldResult r = TenFoldVerification.evaluate(new PairScores(scores, same));
        assertThat(boxed(r.foldThresholds())).allSatisfy(t -> assertThat(t).isCloseTo(0.3, within(1e-12)));
        // With 0.3 the held-out 0.6D is wrongly accepted, the other three are right.
        assertThat(r.foldAccuracies()).containsOnly(0.75);
    }

    @Test
    void agreesWithBruteForceOnRandomTiedScoresAndUnevenFolds() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 10 + random.nextInt(190);
            double[] scores = new double[n];
            boolean[] same = new boolean[n];
            for (int i = 0; i < n; i++) {
                same[i] = random.nextBoolean();
                // Coarse rounding creates many ties, including across labels.
                scores[i] = Math.round((random.nextGaussian() + (same[i] ? 1 : 0)) * 4) / 4.0;
            }
            TenFoldResult r = TenFoldVerification.evaluate(new PairScores(scores, same));
            int[] foldStart = sklearnFoldStarts(n);
            for (int f = 0; f < 10; f++) {
                double[] trainScores = new double[n - (foldStart[f + 1] - foldStart[f])];
                boolean[] trainSame = new boolean[trainScores.length];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (i >= foldStart[f] && i < foldStart[f + 1]) continue;
                    trainScores[k] = scores[i];
                    trainSame[k++] = same[i];
                }
                double t = lowestBestThreshold(trainScores, trainSame, -1);
                int correct = 0;
                for (int i = foldStart[f]; i < foldStart[f + 1]; i++) if ((scores[i] > t) == same[i]) correct++;
                assertThat(r.foldThresholds()[f]).as("trial %d fold %d", trial, f).isEqualTo(t);
                assertThat(r.foldAccuracies()[f]).isEqualTo((double) correct / (foldStart[f + 1] - foldStart[f]));
            }
        }
    }

    @Test
    void foldsFollowScikitLearnKFoldSizes() {
        int[] fold = TenFoldVerification.foldOfEachPair(137);
        int[] sizes = new int[10];
        for (int i = 0; i < fold.length; i++) {
            sizes[fold[i]]++;
            if (i > 0) assertThat(fold[i]).isGreaterThanOrEqualTo(fold[i - 1]);
        }
        assertThat(sizes).containsExactly(14, 14, 14, 14, 14, 14, 14, 13, 13, 13);
    }

    @Test
    void rejectsFewerThanTenPairs() {
        assertThatThrownBy(() -> TenFoldVerification.evaluate(new PairScores(new double[9], new boolean[9])))
                .hasMessageContaining("at least 10");
    }

    @Test
    void rejectsNonFiniteScores() {
        double[] s = new double[10];
        s[4] = Double.NaN;
        assertThatThrownBy(() -> new PairScores(s, new boolean[10])).hasMessageContaining("pair 4");
    }

    private static java.util.List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static int[] sklearnFoldStarts(int n) {
        int[] start = new int[11];
        for (int f = 0; f < 10; f++) start[f + 1] = start[f] + n / 10 + (f < n % 10 ? 1 : 0);
        return start;
    }

    /**
     * Independent O(n^2) reference: tries every candidate threshold in ascending order (just below
     * the minimum, the midpoint of every gap between distinct scores, the maximum) and keeps the
     * first with the highest accuracy. {@code skip} excludes one index (-1: none).
     */
    private static double lowestBestThreshold(double[] scores, boolean[] same, int skip) {
        double[] distinct = Arrays.stream(scores).distinct().sorted().toArray();
        double[] candidates = new double[distinct.length + 1];
        candidates[0] = Math.nextDown(distinct[0]);
        for (int k = 0; k < distinct.length - 1; k++) candidates[k + 1] = distinct[k] + (distinct[k + 1] - distinct[k]) / 2;
        candidates[distinct.length] = distinct[distinct.length - 1];
        double best = -1;
        double bestT = Double.NaN;
        for (double t : candidates) {
            int correct = 0;
            for (int i = 0; i < scores.length; i++) if (i != skip && (scores[i] > t) == same[i]) correct++;
            if (correct > best) {
                best = correct;
                bestT = t;
            }
        }
        return bestT;
    }
}
