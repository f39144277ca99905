package org.protoface.head.memory;

import org.protoface.head.AgeHistogram;

import java.util.Map;

/**
 * Age statistics of the memory prototypes used as negatives in one step. Ages arrive oldest
 * first (the memory's write order), i.e. already sorted in descending order, so the quantiles
 * need no sort.
 */
final class NegativeAges {
    private NegativeAges() {}

    /**
     * Adds neg_age_mean, neg_age_median, neg_age_p99 (nearest rank), neg_age_max and the
     * power-of-two histogram neg_age_hist_0..15 ({@link AgeHistogram}) to
     * {@code out}; adds nothing when there are no negatives, so no NaN is ever reported.
     *
     * @param agesDescending ages in steps, largest first
     */
    static void summarise(long[] agesDescending, Map<String, Double> out) {
        int n = agesDescending.length;
        if (n == 0) return;
        double sum = 0;
        for (long a : agesDescending) sum += a;
        out.put("neg_age_mean", sum / n);
        out.put("neg_age_median", n % 2 == 1
                ? ascending(agesDescending, n / 2)
                : (ascending(agesDescending, n / 2 - 1) + ascending(agesDescending, n / 2)) / 2.0);
        int rank = (int) Math.ceil(0.99 * n);
        out.put("neg_age_p99", ascending(agesDescending, rank - 1));
        out.put("neg_age_max", (double) agesDescending[0]);
        AgeHistogram.put(agesDescending, out);
    }

    /** The i-th smallest age. */
    private static double ascending(long[] agesDescending, int i) {
        return agesDescending[agesDescending.length - 1 - i];
    }
}
