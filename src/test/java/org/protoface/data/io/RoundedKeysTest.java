package org.protoface.data.io;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RoundedKeysTest {
    @Test
    void float32RoundingMatchesJavasFloatConversion() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long key = i < 100_000 ? (1L << 24) - 50 + i : random.nextLong(1L << 30);
            long stored = (long) (float) key;
            assertThat(RoundedKeys.FLOAT32.round(key)).as("key %d", key).isEqualTo(stored);
            assertThat(RoundedKeys.FLOAT32.isExact(stored) && stored != key).isFalse();
            assertThat(key).isBetween(RoundedKeys.FLOAT32.lowestCandidate(stored), RoundedKeys.FLOAT32.highestCandidate(stored));
        }
        // the exact limit itself: 2^24 + 1 is stored as 2^24, so 2^24 is no longer exact
        assertThat(RoundedKeys.FLOAT32.isExact((1L << 24) - 1)).isTrue();
        assertThat(RoundedKeys.FLOAT32.isExact(1L << 24)).isFalse();
    }

    @Test
    void coarseRoundingKeepsEveryKeyInsideItsCandidateWindow() {
        RoundedKeys coarse = new RoundedKeys(4);
        for (long key = 0; key < 5000; key++) {
            long stored = coarse.round(key);
            assertThat(Math.abs(stored - key)).isLessThanOrEqualTo(Math.max(1, Long.highestOneBit(Math.max(1, key)) >> 4));
            assertThat(key).isBetween(coarse.lowestCandidate(stored), coarse.highestCandidate(stored));
            if (coarse.isExact(stored)) assertThat(stored).isEqualTo(key);
        }
        assertThat(coarse.round(17)).isEqualTo(16);   // tie between 16 and 18 goes to the even significand
        assertThat(coarse.round(19)).isEqualTo(20);
        assertThat(coarse.round(34)).isEqualTo(32);
    }
}
