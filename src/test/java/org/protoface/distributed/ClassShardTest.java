package org.protoface.distributed;

import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassShardTest {
    @Test
    void shardsTileTheClassesInOrderWithSizesDifferingByAtMostOne() {
        for (long n : new long[] {1, 2, 7, 11, 1000, 1_000_003}) {
            for (int world = 1; world <= Math.min(n, 9); world++) {
                long next = 0, min = Long.MAX_VALUE, max = 0;
                for (int r = 0; r < world; r++) {
                    ClassShard s = ClassShard.of(n, r, world);
                    assertThat(s.start()).as("n=%d world=%d rank=%d", n, world, r).isEqualTo(next);
                    next = s.end();
                    min = Math.min(min, s.count());
                    max = Math.max(max, s.count());
                }
                assertThat(next).isEqualTo(n);
                assertThat(max - min).isLessThanOrEqualTo(1);
            }
        }
        assertThat(ClassShard.of(11, 1, 2)).isEqualTo(new ClassShard(11, 1, 2, 6, 5));
    }

    @Test
    void localTargetsPointIntoTheShardOrOnePastItsEnd() {
        Torch.init();
        ClassShard s = ClassShard.of(11, 1, 2); // classes 6..10
        long[] targets = Tensors.longs(s.localTargets(Tensors.ofLongs(0, 6, 10, 5, 7)));
        assertThat(targets).containsExactly(5, 0, 4, 5, 1);
        assertThat(s.owns(6)).isTrue();
        assertThat(s.owns(11)).isFalse();
    }

    @Test
    void fewerClassesThanRanksIsRefused() {
        assertThatThrownBy(() -> ClassShard.of(3, 0, 4)).hasMessage("3 classes cannot be split over 4 ranks: every rank needs at least one");
    }
}
