package org.protoface.head.sampled;

import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Tensors;

import java.util.Random;

/** Test inputs and plain-Java-double reference arithmetic, independent of the code under test. */
final class TestData {
    private TestData() {}

    static float[] gaussian(int count, long seed) {
        Random r = new Random(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    static long[] labels(int count, long numClasses, long seed) {
        Random r = new Random(seed);
        long[] l = new long[count];
        for (int i = 0; i < count; i++) l[i] = (long) (r.nextDouble() * numClasses);
        return l;
    }

    /** A B x d embedding leaf with gradient. */
    static Tensor embeddings(float[] data, int rows, int dim) {
        Tensor t = Tensors.of(data, rows, dim);
        t.set_requires_grad(true);
        return t;
    }

    static double[][] matrix(float[] flat, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = flat[i * cols + j];
        return m;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    static double[] unit(double[] v) {
        double n = norm(v);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) u[i] = v[i] / n;
        return u;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
