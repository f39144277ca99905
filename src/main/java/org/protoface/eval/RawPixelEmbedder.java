package org.protoface.eval;

import org.protoface.data.FaceDataset;

/**
 * The untrained baseline: an image's embedding is its own pixel vector, L2-normalised, so the
 * pair score is the cosine between raw pixel values.
 */
public final class RawPixelEmbedder implements Embedder {
    private final FaceDataset data;

    /** @param data the images to read; embeddings are their normalised pixels, 3 * S * S floats per image */
    public RawPixelEmbedder(FaceDataset data) {
        this.data = data;
    }

    @Override
    public float[][] embed(int[] identities, int[] indices) {
        int n = identities.length, per = 3 * data.imageSize() * data.imageSize();
        float[] pixels = DatasetPixels.load(data, identities, indices);
        float[][] out = new float[n][per];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int j = 0; j < per; j++) {
                float v = pixels[i * per + j];
                out[i][j] = v;
                sq += v * v;
            }
            float inv = (float) (1.0 / Math.max(Math.sqrt(sq), 1e-12));
            for (int j = 0; j < per; j++) out[i][j] *= inv;
        }
        return out;
    }
}
