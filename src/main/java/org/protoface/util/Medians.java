package org.protoface.util;

import java.util.List;

/** The median the measurement reports use: the middle value, or the mean of the middle two of an even count. */
public final class Medians {
    private Medians() {}

    /** Median of {@code values} (any order); NaN when there are none. */
    public static double of(List<Double> values) {
        return ofSorted(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    /** Median of {@code sorted}, which must be in ascending order; NaN when it is empty. */
    public static double ofSorted(double[] sorted) {
        int n = sorted.length;
        if (n == 0) return Double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
