package org.protoface.eval;

/** Checks and similarity of the L2-normalised embeddings an {@link Embedder} returns. */
public final class Embeddings {
    /** Tolerance on |norm - 1|: float32 normalisation is exact to ~1e-6, so anything beyond is a bug upstream. */
    static final double NORM_TOLERANCE = 1e-3;

    private Embeddings() {}

    /**
     * @throws IllegalArgumentException naming the offending row when the count is wrong, rows differ
     *                                  in length, a value is not finite or a row is not unit length
     */
    public static void requireNormalised(float[][] embeddings, int expectedRows, String source) {
        if (embeddings == null || embeddings.length != expectedRows) {
            throw new IllegalArgumentException(source + " returned " + (embeddings == null ? "null" : embeddings.length + " embeddings")
                    + " for " + expectedRows + " images");
        }
        if (expectedRows == 0) return;
        int dim = embeddings[0].length;
        if (dim == 0) throw new IllegalArgumentException(source + " returned empty embeddings");
        for (int r = 0; r < embeddings.length; r++) {
            float[] e = embeddings[r];
            if (e.length != dim) {
                throw new IllegalArgumentException(source + " embedding " + r + " has dimension " + e.length + ", expected " + dim);
            }
            double squares = 0;
            for (float v : e) {
                if (!Float.isFinite(v)) throw new IllegalArgumentException(source + " embedding " + r + " holds a non-finite value " + v);
                squares += (double) v * v;
            }
            double norm = Math.sqrt(squares);
            if (Math.abs(norm - 1) > NORM_TOLERANCE) {
                throw new IllegalArgumentException(source + " embedding " + r + " is not L2-normalised (norm " + norm + ")");
            }
        }
    }

    /** Cosine of two unit vectors, clamped to [-1, 1] against float rounding. */
    public static double cosine(float[] a, float[] b) {
        return clamp(dot(a, b, a.length));
    }

    static double clamp(double cosine) {
        return Math.max(-1.0, Math.min(1.0, cosine));
    }

    /** Float dot product with four independent accumulators so the JIT can pipeline the loop. */
    static float dot(float[] a, float[] b, int dim) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < dim; k += 4) {
            s0 += a[k] * b[k];
            s1 += a[k + 1] * b[k + 1];
            s2 += a[k + 2] * b[k + 2];
            s3 += a[k + 3] * b[k + 3];
        }
        for (; k < dim; k++) s0 += a[k] * b[k];
        return (s0 + s1) + (s2 + s3);
    }
}
