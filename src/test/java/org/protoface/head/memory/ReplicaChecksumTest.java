package org.protoface.head.memory;

import org.junit.jupiter.api.Test;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaChecksumTest {
    private static final int D = 4;

    private static float[] unit(int... hot) {
        float[] rows = new float[hot.length * D];
        for (int i = 0; i < hot.length; i++) rows[i * D + hot[i]] = 1f;
        return rows;
    }

    private static PrototypeMemory memory(long[] labels, float[] rows, long step) {
        Torch.init();
        PrototypeMemory m = new PrototypeMemory(3, D, 0);
        m.write(labels, rows, step);
        return m;
    }

    @Test
    void equalReplicasAgreeAndEveryKindOfDifferenceShows() {
        long base = ReplicaChecksum.of(memory(new long[] {4, 8}, unit(0, 1), 5));
        assertThat(ReplicaChecksum.of(memory(new long[] {4, 8}, unit(0, 1), 5))).isEqualTo(base);
        // one bit of one prototype
        float[] nudged = unit(0, 1);
        nudged[0] = Math.nextDown(1f);
        assertThat(ReplicaChecksum.of(memory(new long[] {4, 8}, nudged, 5))).isNotEqualTo(base);
        // another label, another write step, another order (slots and eviction order differ)
        assertThat(ReplicaChecksum.of(memory(new long[] {4, 9}, unit(0, 1), 5))).isNotEqualTo(base);
        assertThat(ReplicaChecksum.of(memory(new long[] {4, 8}, unit(0, 1), 6))).isNotEqualTo(base);
        assertThat(ReplicaChecksum.of(memory(new long[] {8, 4}, unit(1, 0), 5))).isNotEqualTo(base);
        assertThat(ReplicaChecksum.of(new PrototypeMemory(3, D, 0))).isNotEqualTo(base);
    }

    @Test
    void mismatchNamesTheRanksThatDifferFromRankZero() {
        assertThat(ReplicaChecksum.mismatch(new long[] {7, 7, 7})).isEmpty();
        assertThat(ReplicaChecksum.mismatch(new long[] {7, 7, 9, 10})).contains(
                "prototype memory replicas differ: rank 2 has 0000000000000009, rank 3 has 000000000000000a where rank 0 has 0000000000000007");
    }
}
