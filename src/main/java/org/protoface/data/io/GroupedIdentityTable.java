package org.protoface.data.io;

/**
 * Identities built by grouping image records by label (im2rec lists): the keys of all identities
 * in one flat array, identity i owning keys[first[i] .. first[i+1]).
 */
final class GroupedIdentityTable implements IdentityTable {
    private final long[] keys;
    private final int[] first;
    private final float[] labels;

    /**
     * @param fileKeys   image keys in file order
     * @param fileLabels their labels (finite), parallel to {@code fileKeys}
     */
    GroupedIdentityTable(long[] fileKeys, float[] fileLabels) {
        int n = fileKeys.length;
        // one primitive sort of (label, position) packed in a long: no boxing, so tens of millions
        // of records cost 8 bytes each here instead of a map of lists
        long[] order = new long[n];
        for (int i = 0; i < n; i++) order[i] = (long) sortableBits(fileLabels[i]) << 32 | i;
        java.util.Arrays.sort(order);
        keys = new long[n];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || (int) (order[i] >>> 32) != (int) (order[i - 1] >>> 32)) distinct++;
        }
        first = new int[distinct + 1];
        labels = new float[distinct];
        int identity = -1;
        for (int i = 0; i < n; i++) {
            int position = (int) order[i];
            if (i == 0 || (int) (order[i] >>> 32) != (int) (order[i - 1] >>> 32)) {
                identity++;
                first[identity] = i;
                labels[identity] = fileLabels[position];
            }
            keys[i] = fileKeys[position];
        }
        first[distinct] = n;
    }

    /** Float bits reordered so that unsigned comparison of the top half follows numeric order. */
    private static int sortableBits(float label) {
        int bits = Float.floatToIntBits(label == 0f ? 0f : label);   // -0 and +0 are one label
        return (bits < 0 ? ~bits : bits | Integer.MIN_VALUE) ^ Integer.MIN_VALUE;
    }

    @Override
    public int identityCount() {
        return labels.length;
    }

    @Override
    public int imageCount(int identity) {
        return first[identity + 1] - first[identity];
    }

    @Override
    public long imageKey(int identity, int index) {
        if (index < 0 || index >= imageCount(identity)) {
            throw new IndexOutOfBoundsException("image " + index + " of identity " + identity + " (has " + imageCount(identity) + ")");
        }
        return keys[first[identity] + index];
    }

    /** The label shared by this identity's image records. */
    float label(int identity) {
        return labels[identity];
    }

    @Override
    public long totalImages() {
        return keys.length;
    }
}
