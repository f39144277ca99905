package org.protoface.data.io;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Identities built by grouping image records by label (im2rec lists): the keys of all identities
 * in one flat array, identity i owning keys[first[i] .. first[i+1]).
 */
final class GroupedIdentityTable implements IdentityTable {
    private final long[] keys;
    private final int[] first;
    private final float[] labels;

    /** @param keysByLabel image keys per label, iterated in ascending label order */
    GroupedIdentityTable(SortedMap<Float, List<Long>> keysByLabel) {
        int total = 0;
        for (List<Long> list : keysByLabel.values()) total += list.size();
        keys = new long[total];
        first = new int[keysByLabel.size() + 1];
        labels = new float[keysByLabel.size()];
        int identity = 0;
        int pos = 0;
        for (Map.Entry<Float, List<Long>> e : keysByLabel.entrySet()) {
            labels[identity] = e.getKey();
            first[identity] = pos;
            for (long key : e.getValue()) keys[pos++] = key;
            identity++;
        }
        first[identity] = pos;
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
