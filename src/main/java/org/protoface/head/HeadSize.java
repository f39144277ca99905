package org.protoface.head;

/**
 * The sizes a head is built for.
 *
 * @param identities   N, the number of identities (classes) in the training set
 * @param embeddingDim d, the encoder's embedding size
 * @param batchSize    B, images per step
 * @param batchClasses identities per step (B / K)
 */
public record HeadSize(long identities, int embeddingDim, int batchSize, int batchClasses) {
    public HeadSize {
        if (identities < 1) throw new IllegalArgumentException("number of identities must be >= 1, got " + identities);
        if (embeddingDim < 1) throw new IllegalArgumentException("embedding size must be >= 1, got " + embeddingDim);
        if (batchSize < 1 || batchClasses < 1 || batchClasses > batchSize) {
            throw new IllegalArgumentException("batch of " + batchSize + " images and " + batchClasses + " identities is not valid");
        }
    }
}
