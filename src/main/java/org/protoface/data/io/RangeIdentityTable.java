package org.protoface.data.io;

/**
 * InsightFace layout: identity i owns the contiguous image keys [start[i], end[i]). Two ints per
 * identity, so millions of identities cost a few megabytes.
 */
final class RangeIdentityTable implements IdentityTable {
    private final int[] start;
    private final int[] end;

    RangeIdentityTable(int[] start, int[] end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public int identityCount() {
        return start.length;
    }

    @Override
    public int imageCount(int identity) {
        return end[identity] - start[identity];
    }

    @Override
    public long imageKey(int identity, int index) {
        if (index < 0 || index >= imageCount(identity)) {
            throw new IndexOutOfBoundsException("image " + index + " of identity " + identity + " (has " + imageCount(identity) + ")");
        }
        return start[identity] + (long) index;
    }

    @Override
    public long totalImages() {
        long n = 0;
        for (int i = 0; i < start.length; i++) n += end[i] - start[i];
        return n;
    }
}
