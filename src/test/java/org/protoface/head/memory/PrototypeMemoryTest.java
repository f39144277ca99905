package org.protoface.head.memory;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrototypeMemoryTest {
    private static final int DIM = 4;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** The simplest possible model of the memory: a list, linear scans, evict min (step, order of writing). */
    private static final class ReferenceMemory {
        final int capacity;
        final long maxAge;
        final List<Entry> entries = new ArrayList<>();
        long sequence;

        record Entry(long label, long step, long seq, float[] row) {}

        ReferenceMemory(int capacity, long maxAge) {
            this.capacity = capacity;
            this.maxAge = maxAge;
        }

        /** returns {refreshed, inserted, evicted, expired} */
        int[] write(long[] labels, float[] rows, long step) {
            int expired = 0;
            if (maxAge > 0) {
                int before = entries.size();
                entries.removeIf(e -> step - e.step > maxAge);
                expired = before - entries.size();
            }
            int refreshed = 0, inserted = 0, evicted = 0;
            // pass 1: classes already present are rewritten (and become the newest)
            List<Integer> fresh = new ArrayList<>();
            for (int c = 0; c < labels.length; c++) {
                Entry existing = find(labels[c]);
                if (existing == null) {
                    fresh.add(c);
                    continue;
                }
                entries.remove(existing);
                entries.add(new Entry(labels[c], step, sequence++, row(rows, c)));
                refreshed++;
            }
            // pass 2: new classes, evicting the smallest (step, sequence) when full
            for (int c : fresh) {
                inserted++;
                if (entries.size() == capacity) {
                    Entry oldest = entries.stream()
                            .min(Comparator.comparingLong(Entry::step).thenComparingLong(Entry::seq)).orElseThrow();
                    entries.remove(oldest);
                    evicted++;
                }
                entries.add(new Entry(labels[c], step, sequence++, row(rows, c)));
            }
            return new int[] {refreshed, inserted, evicted, expired};
        }

        static float[] row(float[] rows, int c) {
            return java.util.Arrays.copyOfRange(rows, c * DIM, (c + 1) * DIM);
        }

        Entry find(long label) {
            for (Entry e : entries) if (e.label == label) return e;
            return null;
        }

        List<Long> labelsOldestFirst() {
            return entries.stream().sorted(Comparator.comparingLong(Entry::step).thenComparingLong(Entry::seq))
                    .map(Entry::label).toList();
        }
    }

    static float[] randomUnitRows(Random rnd, int n) {
        float[] rows = new float[n * DIM];
        for (int c = 0; c < n; c++) {
            double sq = 0;
            double[] v = new double[DIM];
            for (int j = 0; j < DIM; j++) {
                v[j] = rnd.nextGaussian();
                sq += v[j] * v[j];
            }
            for (int j = 0; j < DIM; j++) rows[c * DIM + j] = (float) (v[j] / Math.sqrt(sq));
        }
        return rows;
    }

    static long[] randomDistinctLabels(Random rnd, int n, int range) {
        Set<Long> set = new java.util.LinkedHashSet<>();
        while (set.size() < n) set.add((long) rnd.nextInt(range));
        return set.stream().mapToLong(Long::longValue).toArray();
    }

    private static void runAgainstReference(int capacity, long maxAge, long seed) {
        Random rnd = new Random(seed);
        PrototypeMemory memory = new PrototypeMemory(capacity, DIM, maxAge);
        ReferenceMemory reference = new ReferenceMemory(capacity, maxAge);
        long step = 0;
        for (int t = 0; t < 300; t++) {
            step += rnd.nextInt(3); // sometimes several writes at the same step
            long[] labels = randomDistinctLabels(rnd, 1 + rnd.nextInt(5), 25);
            float[] rows = randomUnitRows(rnd, labels.length);

            MemoryUpdate preview = memory.preview(labels, step);
            MemoryUpdate update = memory.write(labels, rows, step);
            int[] expected = reference.write(labels, rows, step);

            assertThat(update).isEqualTo(preview);
            assertThat(new int[] {update.refreshed(), update.inserted(), update.evicted(), update.expired()}).containsExactly(expected);
            assertSameContents(memory, reference);
        }
    }

    private static void assertSameContents(PrototypeMemory memory, ReferenceMemory reference) {
        assertThat(memory.size()).isLessThanOrEqualTo(memory.slotCount()).isEqualTo(reference.entries.size());
        int[] order = memory.slotsOldestFirst();
        List<Long> labelsInOrder = new ArrayList<>();
        Set<Long> unique = new HashSet<>();
        int occupied = 0;
        for (int slot = 0; slot < memory.slotCount(); slot++) {
            if (memory.label(slot) != PrototypeMemory.FREE) {
                occupied++;
                assertThat(unique.add(memory.label(slot))).as("label %d twice", memory.label(slot)).isTrue();
            }
        }
        assertThat(occupied).isEqualTo(memory.size());
        for (int slot : order) labelsInOrder.add(memory.label(slot));
        assertThat(labelsInOrder).isEqualTo(reference.labelsOldestFirst());
        float[] all = Tensors.floats(memory.prototypes());
        for (ReferenceMemory.Entry e : reference.entries) {
            int slot = memory.slotOf(e.label());
            assertThat(slot).isGreaterThanOrEqualTo(0);
            assertThat(memory.writeStep(slot)).isEqualTo(e.step());
            float[] stored = java.util.Arrays.copyOfRange(all, slot * DIM, (slot + 1) * DIM);
            assertThat(stored).containsExactly(e.row());
            double sq = 0;
            for (float v : stored) sq += v * v;
            assertThat(Math.sqrt(sq)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void randomInsertRefreshSequencesMatchTheReferenceModel() {
        runAgainstReference(8, 0, 1);
        runAgainstReference(1, 0, 2);
        runAgainstReference(30, 0, 3); // never full
    }

    @Test
    void maxAgeExpiresAndFreesExactlyLikeTheReferenceModel() {
        runAgainstReference(8, 3, 4);
        runAgainstReference(20, 1, 5);
    }

    @Test
    void expiredPrototypesAreNotLiveButStillOccupyUntilTheNextWrite() {
        PrototypeMemory memory = new PrototypeMemory(4, DIM, 2);
        memory.write(new long[] {5}, randomUnitRows(new Random(0), 1), 10);
        assertThat(memory.liveSlotOf(5, 12)).isGreaterThanOrEqualTo(0); // age 2 == max age: still used
        assertThat(memory.liveSlotOf(5, 13)).isEqualTo(-1);            // age 3 > max age
        assertThat(memory.size()).isEqualTo(1);
        MemoryUpdate u = memory.write(new long[] {6}, randomUnitRows(new Random(1), 1), 13);
        assertThat(u.expired()).isEqualTo(1);
        assertThat(memory.slotOf(5)).isEqualTo(-1);
        assertThat(memory.size()).isEqualTo(1);
    }

    @Test
    void refreshResetsTheAgeSoTheRefreshedClassIsEvictedLast() {
        Random rnd = new Random(7);
        PrototypeMemory memory = new PrototypeMemory(3, DIM, 0);
        memory.write(new long[] {1}, randomUnitRows(rnd, 1), 0);
        memory.write(new long[] {2}, randomUnitRows(rnd, 1), 1);
        memory.write(new long[] {3}, randomUnitRows(rnd, 1), 2);
        memory.write(new long[] {1}, randomUnitRows(rnd, 1), 3); // refresh: 1 becomes the newest
        assertThat(memory.writeStep(memory.slotOf(1))).isEqualTo(3);
        MemoryUpdate u = memory.write(new long[] {4}, randomUnitRows(rnd, 1), 4);
        assertThat(u.evicted()).isEqualTo(1);
        assertThat(memory.slotOf(2)).isEqualTo(-1);
        assertThat(memory.slotOf(1)).isGreaterThanOrEqualTo(0);
        memory.write(new long[] {5}, randomUnitRows(rnd, 1), 5);
        assertThat(memory.slotOf(3)).isEqualTo(-1);
        assertThat(memory.slotOf(1)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void moreClassesThanSlotsKeepsTheLastWritten() {
        PrototypeMemory memory = new PrototypeMemory(2, DIM, 0);
        MemoryUpdate u = memory.write(new long[] {1, 2, 3}, randomUnitRows(new Random(3), 3), 0);
        assertThat(u).isEqualTo(new MemoryUpdate(0, 3, 1, 0));
        assertThat(memory.slotOf(1)).isEqualTo(-1);
        assertThat(memory.slotOf(2)).isGreaterThanOrEqualTo(0);
        assertThat(memory.slotOf(3)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void rejectsInvalidWrites() {
        PrototypeMemory memory = new PrototypeMemory(4, DIM, 0);
        assertThatThrownBy(() -> memory.write(new long[] {1}, new float[] {2, 0, 0, 0}, 0))
                .hasMessageContaining("norm 2.0");
        assertThatThrownBy(() -> memory.write(new long[] {1, 1}, randomUnitRows(new Random(0), 2), 0))
                .hasMessageContaining("class 1 written twice");
        memory.write(new long[] {1}, randomUnitRows(new Random(0), 1), 5);
        assertThatThrownBy(() -> memory.write(new long[] {2}, randomUnitRows(new Random(0), 1), 4))
                .hasMessageContaining("step 4").hasMessageContaining("step 5");
    }

    @Test
    void memoryCreatedInsideAPointerScopeOutlivesIt() {
        PrototypeMemory memory;
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
            memory = new PrototypeMemory(4, DIM, 0);
        }
        float[] row = randomUnitRows(new Random(2), 1);
        memory.write(new long[] {3}, row, 0);
        assertThat(memory.prototype(memory.slotOf(3))).containsExactly(row);
    }

    @Test
    void stateBytesDependOnlyOnCapacityAndDim() {
        // counted at capacity: an empty memory reports what a full one does (the figure itself is
        // measured against a full memory in PrototypeMemoryFootprintTest)
        PrototypeMemory memory = new PrototypeMemory(100, DIM, 0);
        long empty = memory.stateBytes();
        Random rnd = new Random(3);
        memory.write(randomDistinctLabels(rnd, 100, 1_000_000), randomUnitRows(rnd, 100), 0);
        assertThat(memory.size()).isEqualTo(100);
        assertThat(memory.stateBytes()).isEqualTo(empty);
        // one more dimension is one more float32 per slot; twice the slots, twice the state
        assertThat(new PrototypeMemory(100, DIM + 1, 0).stateBytes() - empty).isEqualTo(100L * Float.BYTES);
        assertThat(new PrototypeMemory(200, DIM, 0).stateBytes()).isEqualTo(2 * empty);
    }

    @Test
    void checkpointRoundTripIsBitExactAndEvictsIdentically(@TempDir Path dir) {
        Random rnd = new Random(11);
        PrototypeMemory original = new PrototypeMemory(6, DIM, 4);
        long step = 0;
        for (int t = 0; t < 40; t++) {
            step += rnd.nextInt(2);
            long[] labels = randomDistinctLabels(rnd, 1 + rnd.nextInt(3), 15);
            original.write(labels, randomUnitRows(rnd, labels.length), step);
        }
        Path file = dir.resolve("memory.pt");
        OutputArchive out = new OutputArchive();
        original.saveState(out);
        out.save_to(file.toString());

        PrototypeMemory restored = new PrototypeMemory(6, DIM, 4);
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        restored.loadState(in, "test");

        assertIdentical(original, restored);
        // The same future writes must evict, expire and place prototypes identically.
        for (int t = 0; t < 30; t++) {
            step += rnd.nextInt(2);
            long[] labels = randomDistinctLabels(rnd, 1 + rnd.nextInt(3), 15);
            float[] rows = randomUnitRows(rnd, labels.length);
            assertThat(restored.write(labels, rows, step)).isEqualTo(original.write(labels, rows, step));
            assertIdentical(original, restored);
        }
    }

    private static void assertIdentical(PrototypeMemory a, PrototypeMemory b) {
        float[] fa = Tensors.floats(a.prototypes());
        float[] fb = Tensors.floats(b.prototypes());
        for (int i = 0; i < fa.length; i++) {
            assertThat(Float.floatToRawIntBits(fb[i])).as("float %d", i).isEqualTo(Float.floatToRawIntBits(fa[i]));
        }
        for (int slot = 0; slot < a.capacity(); slot++) {
            assertThat(b.label(slot)).isEqualTo(a.label(slot));
            assertThat(b.writeStep(slot)).isEqualTo(a.writeStep(slot));
        }
        assertThat(b.slotsOldestFirst()).containsExactly(a.slotsOldestFirst());
    }

    @Test
    void loadRefusesAMemoryOfAnotherShape() {
        PrototypeMemory small = new PrototypeMemory(3, DIM, 0);
        OutputArchive out = new OutputArchive();
        small.saveState(out);
        byte[] bytes = serialize(out);
        InputArchive in = new InputArchive();
        in.load_from(new org.bytedeco.javacpp.BytePointer(bytes), bytes.length);
        // the shapes fix memory_size x d: another memory's checkpoint is refused before anything is overwritten
        assertThatThrownBy(() -> new PrototypeMemory(5, DIM, 0).loadState(in, "prototype memory"))
                .hasMessageContaining("'prototypes'").hasMessageContaining("[3, " + DIM + "]").hasMessageContaining("[5, " + DIM + "]");
    }

    private static byte[] serialize(OutputArchive out) {
        try {
            Path f = java.nio.file.Files.createTempFile("pm", ".pt");
            out.save_to(f.toString());
            byte[] b = java.nio.file.Files.readAllBytes(f);
            java.nio.file.Files.delete(f);
            return b;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
