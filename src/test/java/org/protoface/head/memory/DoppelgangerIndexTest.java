package org.protoface.head.memory;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DoppelgangerIndexTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void keepsAtMostNeighboursPerIdentityAndReplacesOnRevisit() {
        DoppelgangerIndex index = new DoppelgangerIndex(10, 2);
        index.record(1, new long[] {5, 6, 7});
        assertThat(index.lookalikes(1)).containsExactly(5, 6);
        index.record(1, new long[] {8});
        assertThat(index.lookalikes(1)).containsExactly(8);
        assertThat(index.lookalikes(2)).isEmpty();
        index.record(3, new long[0]);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void forgetsTheLeastRecentlySeenIdentityBeyondCapacity() {
        DoppelgangerIndex index = new DoppelgangerIndex(3, 1);
        index.record(1, new long[] {10});
        index.record(2, new long[] {20});
        index.record(3, new long[] {30});
        index.record(1, new long[] {11}); // 1 seen again: 2 is now the least recent
        index.record(4, new long[] {40});
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.lookalikes(2)).isEmpty();
        assertThat(index.lookalikes(1)).containsExactly(11);
        assertThat(index.lookalikes(3)).containsExactly(30);
        assertThat(index.lookalikes(4)).containsExactly(40);
        // every remaining identity can still be drawn (the dense key list stayed consistent)
        Set<Long> drawn = new HashSet<>();
        for (long[] g : index.groups(10, new SplittableRandom(1))) drawn.add(g[0]);
        assertThat(drawn).containsExactlyInAnyOrder(1L, 3L, 4L);
    }

    @Test
    void groupsAreDistinctIdentitiesWithTheirLookalikesDrawnUniformly() {
        DoppelgangerIndex index = new DoppelgangerIndex(100, 3);
        for (int id = 0; id < 20; id++) index.record(id, new long[] {100 + id, 200 + id});
        SplittableRandom rng = new SplittableRandom(42);
        int[] hits = new int[20];
        for (int round = 0; round < 2000; round++) {
            List<long[]> groups = index.groups(5, rng);
            assertThat(groups).hasSize(5);
            Set<Long> heads = new HashSet<>();
            for (long[] g : groups) {
                assertThat(heads.add(g[0])).isTrue();
                assertThat(g).containsExactly(g[0], 100 + g[0], 200 + g[0]);
                hits[(int) g[0]]++;
            }
        }
        // each identity expected 2000 * 5 / 20 = 500 times; a binomial sd is ~19
        for (int h : hits) assertThat(h).isBetween(400, 600);
        assertThat(index.groups(50, rng)).hasSize(20);
        assertThat(new DoppelgangerIndex(5, 1).groups(3, rng)).isEmpty();
    }

    @Test
    void rejectsIdentitiesOutsideTheIntRangeAndSelfReferences() {
        DoppelgangerIndex index = new DoppelgangerIndex(5, 2);
        assertThatThrownBy(() -> index.record(1L << 33, new long[] {1})).hasMessageContaining("8589934592");
        assertThatThrownBy(() -> index.record(4, new long[] {4})).hasMessageContaining("own lookalike");
    }

    @Test
    void roundTripRestoresListsRecencyAndDraws(@TempDir Path dir) {
        DoppelgangerIndex original = new DoppelgangerIndex(4, 2);
        original.record(1, new long[] {2, 3});
        original.record(2, new long[] {1});
        original.record(3, new long[] {4, 1});
        original.record(4, new long[] {3});
        original.record(5, new long[] {1, 4}); // forgets 1
        original.record(2, new long[] {5, 3}); // 2 becomes most recent

        Path file = dir.resolve("dg.pt");
        OutputArchive out = new OutputArchive();
        original.saveState(out);
        out.save_to(file.toString());
        DoppelgangerIndex restored = new DoppelgangerIndex(4, 2);
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        restored.loadState(in, "test");

        for (int id = 0; id <= 6; id++) assertThat(restored.lookalikes(id)).containsExactly(original.lookalikes(id));
        assertThat(restored.groups(4, new SplittableRandom(3))).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(original.groups(4, new SplittableRandom(3)));
        // same recency: the next identity forgets 3 in both
        original.record(9, new long[] {2});
        restored.record(9, new long[] {2});
        assertThat(restored.lookalikes(3)).isEmpty();
        for (int id = 0; id <= 9; id++) assertThat(restored.lookalikes(id)).containsExactly(original.lookalikes(id));

        DoppelgangerIndex other = new DoppelgangerIndex(8, 2);
        InputArchive again = new InputArchive();
        again.load_from(file.toString());
        assertThatThrownBy(() -> other.loadState(again, "lookalike index"))
                .hasMessageContaining("'identities'").hasMessageContaining("[4]").hasMessageContaining("[8]");
    }

    @Test
    void emptyIndexRoundTrips(@TempDir Path dir) {
        Path file = dir.resolve("empty.pt");
        OutputArchive out = new OutputArchive();
        new DoppelgangerIndex(4, 2).saveState(out);
        out.save_to(file.toString());
        DoppelgangerIndex restored = new DoppelgangerIndex(4, 2);
        restored.record(1, new long[] {2});
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        restored.loadState(in, "test");
        assertThat(restored.size()).isZero();
    }
}
