package org.protoface.head.memory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.testing.RetainedHeap;
import org.protoface.torch.Torch;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The state sizes Prototype Memory reports against what a full memory actually holds: the native
 * bytes of its prototype tensor and the Java heap its bookkeeping keeps alive (measured after full
 * collections, {@link RetainedHeap}), not against the formula the code uses.
 */
class PrototypeMemoryFootprintTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void stateBytesMatchWhatAFullMemoryHolds() {
        int slots = 100_000, dim = 2;
        PrototypeMemory[] memory = new PrototypeMemory[1];
        float[] rows = new float[slots / 8 * dim];
        java.util.Arrays.fill(rows, (float) Math.sqrt(0.5));   // unit rows
        long heap = RetainedHeap.of(() -> {
            memory[0] = new PrototypeMemory(slots, dim, 0);
            long[] labels = new long[slots / 8];
            // every slot taken, with labels above the boxed-Long cache, in 8 writes
            for (int w = 0; w < 8; w++) {
                for (int i = 0; i < labels.length; i++) labels[i] = 1_000_000L + (long) w * labels.length + i;
                memory[0].write(labels, rows, w);
            }
            return memory[0];
        });
        assertThat(memory[0].size()).isEqualTo(slots);
        assertThat(memory[0].prototypes().nbytes()).isEqualTo((long) slots * dim * Float.BYTES);
        // native: the prototypes and the buffers the bookkeeping is mirrored into for checkpoints
        long tensors = nativeBytes(memory[0]);
        double measuredPerSlot = (tensors + heap) / (double) slots;
        double reportedPerSlot = memory[0].stateBytes() / (double) slots;
        // measured here: about 100 heap bytes per slot (two long arrays, the free-slot stack, a
        // LinkedHashMap entry with its boxed key and value, the hash table)
        assertThat(reportedPerSlot).as("reported %.1f B/slot, measured %.1f", reportedPerSlot, measuredPerSlot)
                .isCloseTo(measuredPerSlot, within(0.15 * measuredPerSlot));
    }

    @Test
    void doppelgangerStateBytesMatchWhatAFullIndexHolds() {
        int capacity = 50_000, neighbours = 3;
        DoppelgangerIndex[] index = new DoppelgangerIndex[1];
        Random r = new Random(4);
        long heap = RetainedHeap.of(() -> {
            index[0] = new DoppelgangerIndex(capacity, neighbours);
            for (int id = 0; id < capacity; id++) {
                index[0].record(1_000 + id, new long[] {r.nextInt(1_000), r.nextInt(1_000), r.nextInt(1_000) + 1_000_000});
            }
            return index[0];
        });
        assertThat(index[0].size()).isEqualTo(capacity);
        double measuredPerEntry = (heap + nativeBytes(index[0])) / (double) capacity;
        double reportedPerEntry = index[0].stateBytes() / (double) capacity;
        assertThat(reportedPerEntry).as("reported %.1f B/entry, measured %.1f", reportedPerEntry, measuredPerEntry)
                .isCloseTo(measuredPerEntry, within(0.2 * measuredPerEntry));
    }

    /** Bytes of every buffer the module holds. */
    private static long nativeBytes(org.bytedeco.pytorch.Module m) {
        org.bytedeco.pytorch.TensorVector buffers = m.buffers();
        long total = 0;
        for (long i = 0; i < buffers.size(); i++) total += buffers.get(i).nbytes();
        return total;
    }
}
