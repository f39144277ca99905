package org.protoface.data.io;

/**
 * Integer keys as they survive a float label: exact below 2^p (p = 24 significand bits for
 * float32), rounded to the nearest representable value, ties to even, above. MXNet's RecordIO
 * stores InsightFace's image-key ranges this way, so a stored boundary above 2^24 stands for any key
 * that rounds to it. Tests use a small p to reach the rounded regime with a few hundred records.
 */
final class RoundedKeys {
    static final RoundedKeys FLOAT32 = new RoundedKeys(24);

    private final int significandBits;

    RoundedKeys(int significandBits) {
        if (significandBits < 2 || significandBits > 53) {
            throw new IllegalArgumentException("significand bits must be in [2, 53], got " + significandBits);
        }
        this.significandBits = significandBits;
    }

    /** Whether a stored value is necessarily the key that was written (nothing else rounds to it). */
    boolean isExact(long stored) {
        return stored < (1L << significandBits);
    }

    /** The value a non-negative key is stored as. */
    long round(long key) {
        if (key < 0) throw new IllegalArgumentException("negative key " + key);
        int shift = 64 - Long.numberOfLeadingZeros(key) - significandBits;
        if (shift <= 0) return key;
        long quotient = key >>> shift;
        long remainder = key & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (remainder > half || remainder == half && (quotient & 1) == 1) quotient++;
        return quotient << shift;
    }

    /** The lowest key that may have been stored as {@code stored}. */
    long lowestCandidate(long stored) {
        return Math.max(0, stored - spacing(stored));
    }

    /** The highest key that may have been stored as {@code stored}. */
    long highestCandidate(long stored) {
        return stored + spacing(stored);
    }

    /**
     * The gap between adjacent representable values at {@code stored}: every key that rounds to it
     * lies within one gap of it (the gap below a power of two is half as wide, so this is generous).
     */
    private long spacing(long stored) {
        int shift = 64 - Long.numberOfLeadingZeros(stored) - significandBits;
        return shift <= 0 ? 1 : 1L << shift;
    }
}
