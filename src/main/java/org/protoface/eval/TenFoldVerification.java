package org.protoface.eval;

import java.util.Arrays;

/**
 * The LFW-style 10-fold verification protocol, computed exactly.
 *
 * <p><b>Folds.</b> Pairs are split by position into 10 contiguous folds. When the pair count n is
 * not a multiple of 10 the first {@code n % 10} folds get one extra pair (the split of
 * scikit-learn's unshuffled {@code KFold}, which the reference implementation uses).
 *
 * <p><b>Decision rule.</b> A pair is predicted "same" iff {@code score > threshold} (strictly).
 *
 * <p><b>Threshold choice.</b> For each held-out fold the threshold maximises accuracy on the other 9
 * folds. Every distinct training score is a possible cut: the candidate thresholds are the
 * midpoints between consecutive distinct training scores, plus {@code Math.nextDown(min)} ("all
 * same") and the maximum training score ("all different"). Midpoints make the choice insensitive to
 * the rule for scores equal to the threshold and place it in the gap rather than on a training
 * sample. Equal training scores always fall on the same side of the cut, so ties are handled
 * exactly. When several cuts reach the best training accuracy the lowest threshold wins.
 *
 * <p><b>Cost.</b> One sort of all scores, then one O(n) sweep per fold: O(n log n) overall.
 */
public final class TenFoldVerification {
    public static final int FOLDS = 10;

    private TenFoldVerification() {}

    /**
     * Runs the protocol on pairs in fold order.
     *
     * @throws IllegalArgumentException when there are fewer than 10 pairs
     */
    public static TenFoldResult evaluate(PairScores pairs) {
        int n = pairs.size();
        if (n < FOLDS) {
            throw new IllegalArgumentException("10-fold verification needs at least " + FOLDS + " pairs, got " + n);
        }
        int[] fold = foldOfEachPair(n);
        int[] order = argsortAscending(pairs);
        double[] sorted = new double[n];
        for (int k = 0; k < n; k++) sorted[k] = pairs.score(order[k]);

        double[] accuracies = new double[FOLDS];
        double[] thresholds = new double[FOLDS];
        for (int f = 0; f < FOLDS; f++) {
            thresholds[f] = bestThresholdExcluding(f, fold, order, sorted, pairs);
            accuracies[f] = accuracyOnFold(f, fold, thresholds[f], pairs);
        }
        double mean = mean(accuracies);
        return new TenFoldResult(n, accuracies, thresholds, mean, populationStd(accuracies, mean), mean(thresholds));
    }

    /** Fold index of each pair position: contiguous blocks, the first n % 10 one pair larger. */
    static int[] foldOfEachPair(int n) {
        int[] fold = new int[n];
        int base = n / FOLDS;
        int larger = n % FOLDS;
        int pos = 0;
        for (int f = 0; f < FOLDS; f++) {
            int size = base + (f < larger ? 1 : 0);
            for (int k = 0; k < size; k++) fold[pos++] = f;
        }
        return fold;
    }

    /** Sweeps the cuts between distinct training scores from low to high, tracking training accuracy. */
    private static double bestThresholdExcluding(int testFold, int[] fold, int[] order, double[] sorted, PairScores pairs) {
        int n = sorted.length;
        int positives = 0;
        int firstTrain = -1;
        for (int k = 0; k < n; k++) {
            if (fold[order[k]] == testFold) continue;
            if (firstTrain < 0) firstTrain = k;
            if (pairs.same(order[k])) positives++;
        }
        // Threshold below every training score: all predicted same, so exactly the positives are right.
        int correct = positives;
        int best = correct;
        double bestThreshold = Math.nextDown(sorted[firstTrain]);

        int k = firstTrain;
        while (k < n) {
            if (fold[order[k]] == testFold) {
                k++;
                continue;
            }
            double value = sorted[k];
            int end = k;
            // Moving the cut above this score flips every training pair with this exact score to "different".
            for (; end < n && sorted[end] == value; end++) {
                if (fold[order[end]] != testFold) correct += pairs.same(order[end]) ? -1 : 1;
            }
            int next = end;
            while (next < n && fold[order[next]] == testFold) next++;
            double threshold = next < n ? midpoint(value, sorted[next]) : value;
            if (correct > best) {
                best = correct;
                bestThreshold = threshold;
            }
            k = end;
        }
        return bestThreshold;
    }

    private static double accuracyOnFold(int testFold, int[] fold, double threshold, PairScores pairs) {
        int size = 0;
        int correct = 0;
        for (int i = 0; i < fold.length; i++) {
            if (fold[i] != testFold) continue;
            size++;
            if ((pairs.score(i) > threshold) == pairs.same(i)) correct++;
        }
        return (double) correct / size;
    }

    /** A value strictly between a and b when one exists; otherwise a (then "score > a" still splits a from b). */
    static double midpoint(double a, double b) {
        double m = a + (b - a) / 2;
        return (m > a && m < b) ? m : a;
    }

    private static int[] argsortAscending(PairScores pairs) {
        return java.util.stream.IntStream.range(0, pairs.size()).boxed()
                .sorted((x, y) -> Double.compare(pairs.score(x), pairs.score(y)))
                .mapToInt(Integer::intValue).toArray();
    }

    static double mean(double[] values) {
        return Arrays.stream(values).sum() / values.length;
    }

    /** Divides by the count (numpy's default ddof = 0), matching how LFW-style results are reported. */
    static double populationStd(double[] values, double mean) {
        double sum = 0;
        for (double v : values) sum += (v - mean) * (v - mean);
        return Math.sqrt(sum / values.length);
    }
}
