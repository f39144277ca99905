package org.protoface.data.verification;

import org.protoface.data.CorruptRecordException;

/**
 * Image pairs labelled same / different identity, in file order (the 10-fold protocol splits them
 * in order). Images are decoded on demand: a whole set decoded at 112 x 112 would take ~150 KB per
 * image, 1.8 GB for LFW's 12,000 images. Thread-safe for concurrent {@link #load} calls.
 */
public interface VerificationPairs {
    /** Short name for reports, e.g. "lfw". */
    String name();

    /** Number of pairs. */
    int pairCount();

    /** Whether pair {@code pair} shows the same identity twice (a genuine pair) rather than two (an impostor pair). */
    boolean isSame(int pair);

    /** Side S in pixels of the S x S images {@link #load} writes. */
    int imageSize();

    /**
     * Writes image {@code side} (0 or 1) of {@code pair} as normalised CHW floats
     * (3 * size * size values) into {@code dst} at {@code offset}.
     */
    void load(int pair, int side, float[] dst, int offset) throws CorruptRecordException;

    /** One line for logs: the set, its number of pairs and where it was read from. */
    String describe();
}
