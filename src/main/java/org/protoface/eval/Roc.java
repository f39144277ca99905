package org.protoface.eval;

import java.util.Arrays;

/**
 * ROC analysis of genuine (same person) and impostor (different persons) similarity scores. A pair
 * is accepted iff {@code score > threshold}. Scores are held as sorted primitive arrays so that
 * millions of all-pairs scores cost only their 8 bytes each and every query is a binary search.
 */
public final class Roc {
    private final double[] genuine;
    private final double[] impostor;

    /**
     * Copies and sorts the scores.
     *
     * @throws IllegalArgumentException when either set is empty or holds a non-finite score
     */
    public Roc(double[] genuine, double[] impostor) {
        this.genuine = sortedCopy(genuine, "genuine");
        this.impostor = sortedCopy(impostor, "impostor");
    }

    /** The ROC of verification pair scores (same pairs = genuine, different pairs = impostor). */
    public static Roc of(PairScores pairs) {
        return new Roc(pairs.genuine(), pairs.impostor());
    }

    /** Number of genuine scores. */
    public int genuineCount() {
        return genuine.length;
    }

    /** Number of impostor scores. */
    public int impostorCount() {
        return impostor.length;
    }

    /**
     * TAR at the threshold that yields the target FAR: the largest TAR over all thresholds whose
     * FAR (fraction of impostors strictly above the threshold) is at most {@code targetFar}. That
     * threshold is the lowest one admitting at most {@code k = floor(targetFar * impostors)} false
     * accepts, i.e. the (k+1)-th highest impostor score. No interpolation. With tied impostor
     * scores the achieved FAR can be below the target.
     *
     * <p>When there are too few impostors to resolve the target (fewer than {@code 1/targetFar},
     * so not even one false accept is allowed) the result is {@link TarAtFar#unresolved unresolved}:
     * TAR, FAR and threshold are NaN.
     */
    public TarAtFar tarAtFar(double targetFar) {
        if (!(targetFar > 0 && targetFar <= 1)) {
            throw new IllegalArgumentException("target FAR must be in (0, 1], got " + targetFar);
        }
        long allowed = allowedFalseAccepts(targetFar, impostor.length);
        if (allowed == 0) return TarAtFar.unresolved(targetFar);
        return operatingPoint(targetFar, allowed);
    }

    /**
     * Largest k with {@code k / impostors <= target}, evaluated in the same double arithmetic as
     * the FAR itself so that e.g. 1e-3 with 1000 impostors allows exactly one false accept.
     */
    static long allowedFalseAccepts(double targetFar, int impostors) {
        long k = (long) Math.floor(targetFar * impostors);
        while (k > 0 && (double) k / impostors > targetFar) k--;
        while (k < impostors && (double) (k + 1) / impostors <= targetFar) k++;
        return k;
    }

    private TarAtFar operatingPoint(double targetFar, long allowedFalseAccepts) {
        double threshold = allowedFalseAccepts >= impostor.length
                ? Double.NEGATIVE_INFINITY
                : impostor[impostor.length - 1 - (int) allowedFalseAccepts];
        double far = (double) countAbove(impostor, threshold) / impostor.length;
        double tar = (double) countAbove(genuine, threshold) / genuine.length;
        return new TarAtFar(targetFar, tar, far, threshold);
    }

    /**
     * Exact ROC AUC as the Mann-Whitney statistic: the probability that a genuine score exceeds an
     * impostor score, counting ties as one half. Linear merge of the two sorted arrays.
     */
    public double auc() {
        long twiceWins = 0; // 2 * (#genuine > impostor) + (#ties): an integer, so no rounding drift
        int below = 0;      // impostors strictly below the current genuine score
        int atOrBelow = 0;  // impostors at or below it
        for (double g : genuine) {
            while (below < impostor.length && impostor[below] < g) below++;
            if (atOrBelow < below) atOrBelow = below;
            while (atOrBelow < impostor.length && impostor[atOrBelow] <= g) atOrBelow++;
            twiceWins += 2L * below + (atOrBelow - below);
        }
        return twiceWins / (2.0 * genuine.length * impostor.length);
    }

    /**
     * Up to {@code maxPoints} ROC points spread evenly on a log FAR axis from 1/impostors to 1.
     * Each point is the operating point at k allowed false accepts for log-spaced k, so the
     * curve follows exactly the definition of {@link #tarAtFar}.
     */
    public RocCurve curve(String label, int maxPoints) {
        if (maxPoints < 2) throw new IllegalArgumentException("a curve needs at least 2 points, asked for " + maxPoints);
        double logMax = Math.log(impostor.length);
        double[] far = new double[maxPoints];
        double[] tar = new double[maxPoints];
        int n = 0;
        long previousK = 0;
        for (int i = 0; i < maxPoints; i++) {
            long k = Math.round(Math.exp(logMax * i / (maxPoints - 1)));
            k = Math.max(1, Math.min(k, impostor.length));
            if (k == previousK) continue;
            previousK = k;
            TarAtFar point = operatingPoint((double) k / impostor.length, k);
            // Tied impostor scores can make consecutive k land on one threshold; keep it once.
            if (point.far() == 0 || (n > 0 && point.far() == far[n - 1] && point.tar() == tar[n - 1])) continue;
            far[n] = point.far();
            tar[n] = point.tar();
            n++;
        }
        return new RocCurve(label, Arrays.copyOf(far, n), Arrays.copyOf(tar, n));
    }

    /** Number of values strictly greater than t in an ascending array. */
    static int countAbove(double[] ascending, double t) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] > t) hi = mid;
            else lo = mid + 1;
        }
        return ascending.length - lo;
    }

    private static double[] sortedCopy(double[] scores, String kind) {
        if (scores.length == 0) throw new IllegalArgumentException("ROC needs at least one " + kind + " score");
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(kind + " score " + i + " is not finite: " + scores[i]);
            }
        }
        double[] copy = scores.clone();
        Arrays.parallelSort(copy);
        return copy;
    }
}
