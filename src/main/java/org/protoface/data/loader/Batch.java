package org.protoface.data.loader;

/**
 * The images of one training step: sample i is image {@code indices[i]} of identity
 * {@code identities[i]}. Samples of one identity are adjacent.
 *
 * @param reusedImages samples that repeat an image already in the batch because the identity
 *                     has fewer than K images (augmentation makes the copies differ)
 * @param lookalikeIdentities identities added through doppelganger groups rather than the epoch order
 */
public record Batch(long step, int[] identities, int[] indices, int reusedImages, int lookalikeIdentities) {
    /**
     * Number of samples B: identities per batch x images per identity for a batch the sampler drew,
     * a rank's share of it after {@link #slice}.
     */
    public int size() {
        return identities.length;
    }

    /**
     * Samples [from, to) (one rank's share of a global batch); the reuse and lookalike counts stay
     * those of the whole batch.
     */
    public Batch slice(int from, int to) {
        return new Batch(step, java.util.Arrays.copyOfRange(identities, from, to), java.util.Arrays.copyOfRange(indices, from, to),
                reusedImages, lookalikeIdentities);
    }

    /**
     * The identity of each sample widened to int64, in sample order: the B class labels the head
     * takes as its label tensor. A fresh array on every call.
     */
    public long[] labels() {
        long[] l = new long[identities.length];
        for (int i = 0; i < l.length; i++) l[i] = identities[i];
        return l;
    }
}
