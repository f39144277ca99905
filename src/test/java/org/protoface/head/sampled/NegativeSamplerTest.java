package org.protoface.head.sampled;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NegativeSamplerTest {

    @Test
    void freeSlotsMapToTheClassesOutsideThePositivesInOrder() {
        long[] positives = {0, 2, 3, 7, 9};
        // classes 0..11 without the positives, listed by hand
        long[] free = {1, 4, 5, 6, 8, 10, 11};
        for (int t = 0; t < free.length; t++) {
            assertThat(NegativeSampler.classOfFreeSlot(t, positives)).as("slot %d", t).isEqualTo(free[t]);
        }
        assertThat(NegativeSampler.classOfFreeSlot(3, new long[0])).isEqualTo(3);
    }

    @Test
    void drawsDistinctAscendingNegativesOutsideTheBatch() {
        NegativeSampler sampler = new NegativeSampler(100, 7);
        long[] positives = {5, 17, 18, 60, 99};
        for (int round = 0; round < 200; round++) {
            long[] drawn = sampler.sample(positives, 30);
            assertThat(drawn).hasSize(30).isSorted().doesNotHaveDuplicates();
            for (long c : drawn) {
                assertThat(c).isBetween(0L, 99L);
                assertThat(Arrays.binarySearch(positives, c)).as("class %d is a positive", c).isNegative();
            }
        }
    }

    @Test
    void drawingEveryFreeClassReturnsExactlyThem() {
        NegativeSampler sampler = new NegativeSampler(10, 1);
        long[] drawn = sampler.sample(new long[] {1, 4}, 8);
        assertThat(drawn).containsExactly(0, 2, 3, 5, 6, 7, 8, 9);
        assertThat(sampler.sample(new long[] {1, 4}, 0)).isEmpty();
        assertThatThrownBy(() -> sampler.sample(new long[] {1, 4}, 9)).hasMessageContaining("cannot draw 9 negatives from 8");
    }

    @Test
    void everyFreeClassIsEquallyLikely() {
        int n = 50, k = 10, draws = 20_000;
        long[] positives = {0, 13, 49};
        NegativeSampler sampler = new NegativeSampler(n, 42);
        int[] counts = new int[n];
        for (int i = 0; i < draws; i++) for (long c : sampler.sample(positives, k)) counts[(int) c]++;
        double p = (double) k / (n - positives.length);
        double expected = draws * p;
        double sd = Math.sqrt(draws * p * (1 - p));
        for (int c = 0; c < n; c++) {
            if (Arrays.binarySearch(positives, c) >= 0) {
                assertThat(counts[c]).isZero();
            } else {
                assertThat((double) counts[c]).as("class %d", c).isBetween(expected - 5 * sd, expected + 5 * sd);
            }
        }
    }

    @Test
    void pairsAreUniformToo() {
        // Floyd's algorithm must give every k-subset the same probability, not just every element:
        // with N = 6 free classes and k = 2, each of the 15 pairs should appear about draws / 15 times.
        NegativeSampler sampler = new NegativeSampler(6, 3);
        int draws = 30_000;
        int[][] pairs = new int[6][6];
        for (int i = 0; i < draws; i++) {
            long[] d = sampler.sample(new long[0], 2);
            pairs[(int) d[0]][(int) d[1]]++;
        }
        double expected = draws / 15.0, sd = Math.sqrt(draws * (1 / 15.0) * (14 / 15.0));
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                assertThat((double) pairs[a][b]).as("pair %d,%d", a, b).isBetween(expected - 5 * sd, expected + 5 * sd);
            }
        }
    }

    @Test
    void restoringTheStateReplaysTheSameDraws() {
        NegativeSampler sampler = new NegativeSampler(1000, 11);
        long[] positives = {3, 500};
        sampler.sample(positives, 40);
        long saved = sampler.state();
        long[] first = sampler.sample(positives, 40);
        long[] second = sampler.sample(positives, 40);

        NegativeSampler resumed = new NegativeSampler(1000, 999);
        resumed.restore(saved);
        assertThat(resumed.sample(positives, 40)).containsExactly(first);
        assertThat(resumed.sample(positives, 40)).containsExactly(second);
        Set<Long> distinct = new HashSet<>();
        for (long c : first) distinct.add(c);
        assertThat(distinct).hasSize(40);
    }

    @Test
    void boundedIntegersAreUnbiasedForAnAwkwardBound() {
        // bound 3: 2^63 is not a multiple of 3; the three residues must still be equally frequent.
        SplitMix64 rng = new SplitMix64(5);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) counts[rng.nextInt(3)]++;
        for (int c : counts) assertThat(c).isBetween(9_600, 10_400);
        assertThatThrownBy(() -> rng.nextInt(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
