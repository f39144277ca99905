package org.protoface.data.loader;

/**
 * A batch ready for the encoder: {@code images} holds B x 3 x S x S normalised floats.
 *
 * @param samplerState what a checkpoint taken after this batch's step stores: the sampler's position and
 *                     the batches already drawn for the steps after it
 *                     ({@link IdentityBatchSampler#checkpointState})
 * @param skippedCorrupt images that failed to decode and were replaced by another image of the same identity
 * @param droppedIdentities identities found to have no decodable image while loading this batch
 *                          (their places went to other identities)
 */
public record LoadedBatch(Batch batch, float[] images, int imageSize, long[] samplerState, int skippedCorrupt,
                          int droppedIdentities) {}
