package org.protoface.head.sampled;

/**
 * SplitMix64 (Steele, Lea and Flood 2014): a 64-bit generator whose whole state is one long, so a
 * checkpoint can store it and a resumed run draws exactly the same numbers. java.util.Random
 * would need reflection to read its state.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias (rejects the top partial block of 63-bit values). */
    int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        // 2^63 mod bound values at the top of the range would make small results more likely.
        long excess = (Long.MAX_VALUE % bound + 1) % bound;
        long limit = Long.MAX_VALUE - excess; // accept r <= limit: (limit + 1) is a multiple of bound
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r > limit);
        return (int) (r % bound);
    }

    long state() {
        return state;
    }

    void restore(long savedState) {
        this.state = savedState;
    }
}
