package org.protoface.data.synthetic;

import java.util.SplittableRandom;

/**
 * Counter-based seeding: every random draw of the synthetic world comes from a generator seeded
 * by a hash of (world seed, stream, identity, sample). Nothing depends on call order or thread,
 * so image j of identity i is the same whether it is rendered first, last or in parallel.
 */
final class SeedMixer {
    /** Stream tags keep trait, nuisance and pixel-noise draws independent of each other. */
    static final long TRAITS = 0x7452_4149_5453L;
    static final long NUISANCE = 0x4e55_4953_414eL;

    private SeedMixer() {
    }

    /** Mixes the four inputs with the SplitMix64 finaliser applied after each absorption. */
    static long mix(long seed, long stream, long identity, long sample) {
        long h = finalise(seed ^ 0x9E37_79B9_7F4A_7C15L);
        h = finalise(h ^ stream);
        h = finalise(h + identity * 0xBF58_476D_1CE4_E5B9L);
        return finalise(h + sample * 0x94D0_49BB_1331_11EBL + 0x632B_E59B_D9B4_E019L);
    }

    static SplittableRandom random(long seed, long stream, long identity, long sample) {
        return new SplittableRandom(mix(seed, stream, identity, sample));
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
