package org.protoface.head.memory;

/** Double-precision reference arithmetic for the tests, independent of libtorch. */
final class PlainMath {
    private PlainMath() {}

    static double[] normalize(double[] v) {
        double n = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] / n;
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** sum_j w_j x_j / sum_j w_j over the listed rows. */
    static double[] weightedMean(double[][] x, double[] w, int... rows) {
        double[] out = new double[x[0].length];
        double total = 0;
        for (int r : rows) {
            for (int j = 0; j < out.length; j++) out[j] += w[r] * x[r][j];
            total += w[r];
        }
        for (int j = 0; j < out.length; j++) out[j] /= total;
        return out;
    }

    static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    static float[] flatten(double[][] x) {
        float[] out = new float[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x[0].length; j++) out[i * x[0].length + j] = (float) x[i][j];
        return out;
    }

    /** Rounds to float and back, so references start from exactly the values the tensors hold. */
    static double[][] asFloat(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) out[i][j] = (float) x[i][j];
        }
        return out;
    }

    /** Mean over rows of the CosFace cross-entropy: logits s * (cos - m [target]), log-sum-exp with max subtracted. */
    static double cosFaceLoss(double[][] cos, int[] targets, double s, double m) {
        double total = 0;
        for (int i = 0; i < cos.length; i++) {
            double[] logits = new double[cos[i].length];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < logits.length; j++) {
                logits[j] = s * (cos[i][j] - (j == targets[i] ? m : 0));
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (double l : logits) sum += Math.exp(l - max);
            total += -(logits[targets[i]] - max - Math.log(sum));
        }
        return total / cos.length;
    }
}
