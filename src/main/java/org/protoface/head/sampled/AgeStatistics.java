package org.protoface.head.sampled;

import java.util.Arrays;

/**
 * Summary of the ages (in steps) of the centres used as negatives in one step.
 * Median: middle value, or the mean of the two middle values for an even count.
 * p99: nearest rank, the value at sorted position ceil(0.99 n) - 1.
 */
record AgeStatistics(int count, double mean, double median, double p99, double max) {

    static AgeStatistics of(long[] ages) {
        if (ages.length == 0) throw new IllegalArgumentException("no ages to summarise");
        long[] sorted = ages.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double sum = 0;
        for (long a : sorted) sum += a;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        long p99 = sorted[(int) Math.ceil(0.99 * n) - 1];
        return new AgeStatistics(n, sum / n, median, p99, sorted[n - 1]);
    }
}
