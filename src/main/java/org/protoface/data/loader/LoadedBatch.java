package org.protoface.data.loader;

/**
 * A batch ready for the encoder: {@code images} holds B x 3 x S x S normalised floats.
 *
 * @param samplerState the sampler position after this batch was drawn (what a checkpoint stores)
 * @param skippedCorrupt images that failed to decode and were replaced by another image of the same identity
 * @param droppedIdentities identities found to have no decodable image while loading this batch
 *                          (their places went to other identities)
 */
public record LoadedBatch(Batch batch, float[] images, int imageSize, long[] samplerState, int skippedCorrupt,
                          int droppedIdentities) {}
