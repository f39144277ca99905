package org.protoface.head;

/**
 * Plain-double formulas of the margin family and the loss, written from the definitions (not from
 * the production code), for the tests to compare against.
 */
public final class ReferenceMath {
    /**
     * The documented clamp before acos: cosines within 1e-6 of +-1 are treated as +-(1 - 1e-6),
     * rounded to float32 as the tensors are (near 1 that rounding moves theta by ~2e-5 rad).
     */
    public static final double ANGLE_LIMIT = (float) (1 - 1e-6);

    private ReferenceMath() {}

    public static double theta(double c) {
        return Math.acos(Math.max(-ANGLE_LIMIT, Math.min(ANGLE_LIMIT, c)));
    }

    /** ArcFace target: cos(theta + m) while theta + m <= pi, else cos - m sin m. */
    public static double arcface(double c, double m) {
        double theta = theta(c);
        return theta + m <= Math.PI ? Math.cos(theta + m) : c - m * Math.sin(m);
    }

    /**
     * Combined target cos(m1 theta + m2) - m3 where it is defined, up to m1 theta + m2 = pi. Past
     * that the production code's fallback is a design choice; tests measure its properties instead
     * of transcribing it, so this refuses to answer there.
     */
    public static double combined(double c, double m1, double m2, double m3) {
        double theta = theta(c);
        if (theta > (Math.PI - m2) / m1) throw new IllegalArgumentException("cos " + c + " is past the combined margin's threshold");
        return Math.cos(m1 * theta + m2) - m3;
    }

    /** SphereFace psi: (-1)^k cos(m theta) - 2k on [k pi/m, (k+1) pi/m]. */
    public static double sphereface(double c, double m) {
        double theta = theta(c);
        int k = (int) Math.floor(m * theta / Math.PI);
        double sign = k % 2 == 0 ? 1 : -1;
        return sign * Math.cos(m * theta) - 2 * k;
    }

    /** Mean over rows of -log softmax(row)[target], with the row maximum subtracted. */
    public static double crossEntropy(double[][] logits, int[] targets) {
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[i]) max = Math.max(max, v);
            double sum = 0;
            for (double v : logits[i]) sum += Math.exp(v - max);
            double logSumExp = max + Math.log(sum);
            total += logSumExp - logits[i][targets[i]];
        }
        return total / logits.length;
    }

    public static double[] normalize(double[] v) {
        double n = 0;
        for (double x : v) n += x * x;
        n = Math.sqrt(n);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] / n;
        return out;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
