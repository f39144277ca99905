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

    /**
     * What one of {@code worldSize} ranks that split the classes by class works on: ceil(N / world)
     * identities, scored against the whole gathered batch (this size's batch); the batch's classes
     * are counted as if all fell into this rank's block (an upper bound).
     */
    public HeadSize perRank(int worldSize) {
        if (worldSize < 1) throw new IllegalArgumentException("world size must be >= 1, got " + worldSize);
        long share = (identities + worldSize - 1) / worldSize;
        return new HeadSize(share, embeddingDim, batchSize, (int) Math.min(batchClasses, Math.min(share, batchSize)));
    }
}
