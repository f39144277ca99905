package org.protoface.head.sampled;

import java.util.Arrays;

/**
 * Draws k distinct classes uniformly from the classes that are not in the batch, in O(k log k)
 * time whatever N is (no pass over all classes).
 *
 * <p>Method: Floyd's algorithm picks a uniform k-subset of the M = N - P "free slots"
 * [0, M); slot t is then mapped to the t-th class that is not a positive with a binary search
 * over the P sorted positives. Floyd needs a membership test on the slots chosen so far; a
 * bitset of N bits (N / 8 bytes, kept for the scorer's lifetime) gives it without boxing, and
 * only the chosen bits are cleared afterwards, so no step touches all N bits.
 *
 * <p>All randomness comes from one {@link SplitMix64} whose state is checkpointed, so a resumed
 * run samples exactly what the uninterrupted run would have.
 */
final class NegativeSampler {
    private final long numClasses;
    private final long[] chosen;
    private final SplitMix64 rng;

    NegativeSampler(long numClasses, long seed) {
        if (numClasses <= 0 || numClasses > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("number of classes must be in [1, 2^31 - 1], got " + numClasses);
        }
        this.numClasses = numClasses;
        this.chosen = new long[(int) ((numClasses + 63) / 64)];
        this.rng = new SplitMix64(seed);
    }

    /** Bytes this sampler keeps per class count, for state budgets. */
    static long bytesFor(long numClasses) {
        return (numClasses + 63) / 64 * Long.BYTES;
    }

    /**
     * @param sortedPositives the batch's distinct classes, ascending
     * @param k               how many negatives to draw, at most N - P
     * @return k distinct classes outside {@code sortedPositives}, ascending
     */
    long[] sample(long[] sortedPositives, int k) {
        int free = (int) (numClasses - sortedPositives.length);
        if (k < 0 || k > free) {
            throw new IllegalArgumentException("cannot draw " + k + " negatives from " + free + " classes outside the batch");
        }
        long[] slots = new long[k];
        int n = 0;
        for (int j = free - k; j < free; j++) {
            int t = rng.nextInt(j + 1);
            // Every slot chosen so far is < j, so j itself is always still free.
            int pick = isChosen(t) ? j : t;
            markChosen(pick);
            slots[n++] = pick;
        }
        for (long slot : slots) clearChosen((int) slot);
        Arrays.sort(slots);
        for (int i = 0; i < k; i++) slots[i] = classOfFreeSlot(slots[i], sortedPositives);
        return slots;
    }

    /**
     * The t-th (0-based) class that is not a positive. With positives p_0 < p_1 < ..., the number
     * of positives below the answer is the first i with p_i - i > t, and the answer is t + i.
     */
    static long classOfFreeSlot(long t, long[] sortedPositives) {
        int lo = 0, hi = sortedPositives.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedPositives[mid] - mid > t) hi = mid;
            else lo = mid + 1;
        }
        return t + lo;
    }

    long state() {
        return rng.state();
    }

    void restore(long state) {
        rng.restore(state);
    }

    private boolean isChosen(int slot) {
        return (chosen[slot >>> 6] & (1L << slot)) != 0;
    }

    private void markChosen(int slot) {
        chosen[slot >>> 6] |= 1L << slot;
    }

    private void clearChosen(int slot) {
        chosen[slot >>> 6] &= ~(1L << slot);
    }
}
