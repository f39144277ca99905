package org.protoface.infer;

import org.protoface.torch.TensorScope;
import org.protoface.data.ImageOps;
import org.protoface.torch.Tensors;

/**
 * Turns crops into the unit embeddings that verification and search compare: batches of at most
 * {@code batchSize} crops through the model, optionally the flip test (the raw embeddings of a
 * crop and of its mirror image are added, then L2-normalised; common practice on LFW), then
 * normalisation.
 */
public final class FaceEmbeddings {
    /** Crops per forward pass when the caller has no preference. */
    public static final int DEFAULT_BATCH = 64;

    private FaceEmbeddings() {}

    /**
     * @param standardChw n crops in the standard layout ({@link EmbeddingModel#embedRaw})
     * @return n L2-normalised embeddings, each of {@code model.embeddingSize()} values
     * @throws IllegalArgumentException if the pixel count does not match, or a model output is
     *                                  not finite (named by row)
     */
    public static float[][] embed(EmbeddingModel model, float[] standardChw, int n, boolean flipTest, int batchSize) {
        int s = model.input().size();
        int per = 3 * s * s;
        if (standardChw.length != (long) n * per) {
            throw new IllegalArgumentException(standardChw.length + " pixel values for " + n + " images of 3 x " + s + " x " + s);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += batchSize) {
            int m = Math.min(batchSize, n - from);
            float[] chunk = new float[m * per];
            System.arraycopy(standardChw, from * per, chunk, 0, chunk.length);
            float[][] e = model.embedRaw(chunk, m);
            if (flipTest) {
                for (int i = 0; i < m; i++) ImageOps.flipHorizontal(chunk, i * per, s);
                float[][] mirrored = model.embedRaw(chunk, m);
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < e[i].length; k++) e[i][k] += mirrored[i][k];
                }
            }
            float[][] unit = normalise(e, from, model);
            System.arraycopy(unit, 0, out, from, m);
        }
        return out;
    }

    /**
     * Row-wise L2 normalisation as libtorch computes it (eps 1e-12), so embeddings are the same
     * floats whichever caller normalises them.
     */
    static float[][] normalise(float[][] raw, int firstRow, EmbeddingModel model) {
        int m = raw.length, d = m == 0 ? 0 : raw[0].length;
        float[] flat = new float[m * d];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                float x = raw[i][k];
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException(model.describe() + " gave a non-finite embedding value for crop " + (firstRow + i));
                }
                flat[i * d + k] = x;
            }
        }
        try (TensorScope scope = TensorScope.open()) {
            return TorchEncoderModel.rows(Tensors.floats(Tensors.l2normalize(Tensors.of(flat, m, d))), m);
        }
    }
}
