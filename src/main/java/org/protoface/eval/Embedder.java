package org.protoface.eval;

/**
 * Turns dataset images into embeddings for evaluation. Keeps the evaluation layer independent of
 * encoders: the model implementation (encoder, optional flip test) and the raw-pixel baseline both
 * live outside this package.
 */
@FunctionalInterface
public interface Embedder {
    /**
     * Embeds image {@code indices[i]} of identity {@code identities[i]} for every i.
     *
     * @return one L2-normalised embedding per image, in argument order, all of the same dimension
     */
    float[][] embed(int[] identities, int[] indices);
}
