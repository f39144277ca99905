package org.protoface.head.memory;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Device;
import org.protoface.torch.StateModule;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A fixed number of slots, each holding the unit-norm prototype of one recently seen identity,
 * its label and the step at which it was written. Size and cost depend on the capacity M and
 * the embedding size d only, never on how many identities the dataset has.
 *
 * <p>Eviction is oldest-write-first. The label-to-slot map is a {@link LinkedHashMap} kept in
 * write order (a refreshed class is removed and re-inserted, so it moves to the back); the
 * oldest prototype is therefore always the first entry, which makes eviction and expiry O(1)
 * per removed slot. Write steps must not decrease, so the map order is also ascending write
 * step, which the age statistics rely on.
 *
 * <p>Prototypes live in one M x d float tensor without gradient; rows of free slots hold stale
 * values and are never read.
 */
public final class PrototypeMemory extends StateModule {
    /** Label of a free slot. */
    public static final long FREE = -1;

    /**
     * JVM bytes of bookkeeping per slot, counted at capacity so the figure is fixed: the
     * label-to-slot LinkedHashMap (entry with its order links, boxed Long key, boxed Integer
     * value, hash table) and the free-slot stack entry (4 B). Measured, not summed from object
     * layouts: a full LinkedHashMap&lt;Long, Integer&gt; of 100,000 entries retains 102 B per entry
     * on JDK 17 with compressed references, and a full memory 121 heap bytes per slot including
     * its two long arrays (PrototypeMemoryFootprintTest). The earlier layout sum (80) fell 20%
     * short.
     */
    public static final long INDEX_BYTES_PER_SLOT = 104;
    /** The checkpoint buffers' bytes per slot: labels, write steps, eviction order, free stack (int64 each). */
    public static final long MIRROR_BYTES_PER_SLOT = 4 * Long.BYTES;

    private static final double UNIT_NORM_TOLERANCE = 1e-3;
    private static final String SECTION = "prototype memory";

    private final int capacity;
    private final int dim;
    private final long maxAge;
    private final Tensor prototypes;
    private final Device device;
    /** The checkpoint form of the Java-side bookkeeping below (see {@link #writeBuffers}). */
    private final Tensor labelBuffer, writeStepBuffer, orderBuffer, freeBuffer, lastWriteBuffer;
    private final long[] labels;
    private final long[] writeSteps;
    /** Label -> slot, in write order (oldest first). */
    private final LinkedHashMap<Long, Integer> slotByLabel = new LinkedHashMap<>();
    /** Stack of free slots; the top ({@code freeCount - 1}) is taken next. */
    private final int[] freeSlots;
    private int freeCount;
    private long lastWriteStep = Long.MIN_VALUE;

    /**
     * @param capacity M, the number of slots
     * @param dim      d, the embedding size
     * @param maxAge   prototypes older than this many steps are not used and get freed (0 = no limit)
     */
    public PrototypeMemory(int capacity, int dim, long maxAge) {
        this(capacity, dim, maxAge, Device.CPU);
    }

    /**
     * @param capacity M, the number of slots
     * @param dim      d, the embedding size
     * @param maxAge   prototypes older than this many steps are not used and get freed (0 = no limit)
     * @param device   where the M x d prototypes live (the step's device: they are scored every step)
     */
    public PrototypeMemory(int capacity, int dim, long maxAge, Device device) {
        if (capacity < 1) throw new IllegalArgumentException("memory capacity must be >= 1, got " + capacity);
        if (dim < 1) throw new IllegalArgumentException("embedding dim must be >= 1, got " + dim);
        if (maxAge < 0) throw new IllegalArgumentException("max age must be >= 0, got " + maxAge);
        this.capacity = capacity;
        this.dim = dim;
        this.maxAge = maxAge;
        this.device = device;
        this.prototypes = buffer("prototypes", device.zeros(capacity, dim));
        this.labelBuffer = buffer("labels", Tensors.ofLongs(new long[capacity], capacity));
        this.writeStepBuffer = buffer("write_steps", Tensors.ofLongs(new long[capacity], capacity));
        this.orderBuffer = buffer("order", Tensors.ofLongs(new long[capacity], capacity));
        this.freeBuffer = buffer("free", Tensors.ofLongs(new long[capacity], capacity));
        this.lastWriteBuffer = buffer("last_write_step", Tensors.ofLongs(0L));
        this.labels = new long[capacity];
        this.writeSteps = new long[capacity];
        this.freeSlots = new int[capacity];
        clear();
    }

    private void clear() {
        slotByLabel.clear();
        Arrays.fill(labels, FREE);
        Arrays.fill(writeSteps, 0);
        // Stack so that slot 0 is taken first: purely cosmetic, but makes dumps easy to read.
        for (int i = 0; i < capacity; i++) freeSlots[i] = capacity - 1 - i;
        freeCount = capacity;
        lastWriteStep = Long.MIN_VALUE;
    }

    /** Number of prototype slots (M, the memory's capacity). */
    public int slotCount() {
        return capacity;
    }

    /** Embedding dimension d of each prototype. */
    public int dim() {
        return dim;
    }

    /** Age limit in steps; prototypes older than this are not used and get freed (0 = no limit). */
    public long maxAge() {
        return maxAge;
    }

    /** Occupied slots (including prototypes that are past the age limit but not freed yet). */
    public int size() {
        return slotByLabel.size();
    }

    /** Occupied slots over capacity. */
    public double fill() {
        return size() / (double) capacity;
    }

    /** Slot holding {@code label}, or -1. */
    public int slotOf(long label) {
        Integer s = slotByLabel.get(label);
        return s == null ? -1 : s;
    }

    /** Slot holding a prototype of {@code label} that may be used at {@code step}, or -1. */
    public int liveSlotOf(long label, long step) {
        int s = slotOf(label);
        return s >= 0 && !isExpired(s, step) ? s : -1;
    }

    /** Identity label stored in {@code slot}, or {@link #FREE} (-1) for a free slot. */
    public long label(int slot) {
        return labels[slot];
    }

    /** Training step at which the prototype in {@code slot} was last written (meaningful for occupied slots only). */
    public long writeStep(int slot) {
        return writeSteps[slot];
    }

    /** Whether the prototype in occupied slot {@code slot} is past the age limit at {@code step}. */
    public boolean isExpired(int slot, long step) {
        return maxAge > 0 && step - writeSteps[slot] > maxAge;
    }

    /** Occupied slots, oldest write first (so their write steps ascend). O(size). */
    public int[] slotsOldestFirst() {
        int[] out = new int[slotByLabel.size()];
        int i = 0;
        for (int s : slotByLabel.values()) out[i++] = s;
        return out;
    }

    /**
     * The M x d prototype tensor (no gradient). Read it with index_select on slots from this
     * class; do not modify it: every write goes through {@link #write}.
     */
    public Tensor prototypes() {
        return prototypes;
    }

    /** Copy of one slot's prototype. */
    public float[] prototype(int slot) {
        try (TensorScope scope = TensorScope.open()) {
            return Tensors.floats(prototypes.narrow(0, slot, 1));
        }
    }

    /**
     * What {@link #write} would do with these classes at {@code step}, without changing anything.
     * Lets telemetry produced at forward time describe the update that follows the optimizer step.
     */
    public MemoryUpdate preview(long[] classLabels, long step) {
        int expired = 0;
        for (int s : slotByLabel.values()) {
            if (!isExpired(s, step)) break; // write order = age order: expired slots form a prefix
            expired++;
        }
        int refreshed = 0;
        for (long label : classLabels) {
            if (liveSlotOf(label, step) >= 0) refreshed++;
        }
        int inserted = classLabels.length - refreshed;
        int evicted = Math.max(0, inserted - (freeCount + expired));
        return new MemoryUpdate(refreshed, inserted, evicted, expired);
    }

    /**
     * Frees prototypes past the age limit, then writes one prototype per class: first every class
     * already in memory is overwritten in place and becomes the newest (in batch order), then each
     * new class takes a free slot or evicts the oldest prototype. If a batch has more classes than
     * slots, the last M written win.
     *
     * @param classLabels distinct labels, C
     * @param rows        C x d unit-norm prototypes, row-major
     * @param step        write step; must not be smaller than any earlier write step
     */
    public MemoryUpdate write(long[] classLabels, float[] rows, long step) {
        validateWrite(classLabels, rows, step);
        int expired = expire(step);
        int refreshed = 0, inserted = 0, evicted = 0;
        // slot -> row; with more classes than slots a later class can evict an earlier one of the
        // same batch and take its slot, and then its row is the one to write.
        LinkedHashMap<Integer, Integer> rowOfSlot = new LinkedHashMap<>();
        // Refreshes first, so that inserting a new class can never evict a batch class that was
        // about to be refreshed (it would be the oldest entry, yet it is the freshest knowledge).
        boolean[] isNew = new boolean[classLabels.length];
        for (int c = 0; c < classLabels.length; c++) {
            Integer slot = slotByLabel.remove(classLabels[c]);
            if (slot == null) {
                isNew[c] = true;
                continue;
            }
            refreshed++;
            place(classLabels[c], slot, step);
            rowOfSlot.put(slot, c);
        }
        for (int c = 0; c < classLabels.length; c++) {
            if (!isNew[c]) continue;
            inserted++;
            int slot;
            if (freeCount == 0) {
                slot = evictOldest();
                evicted++;
            } else {
                slot = freeSlots[--freeCount];
            }
            place(classLabels[c], slot, step);
            rowOfSlot.put(slot, c);
        }
        copyRows(rowOfSlot, rows);
        lastWriteStep = step;
        return new MemoryUpdate(refreshed, inserted, evicted, expired);
    }

    private void place(long label, int slot, long step) {
        slotByLabel.put(label, slot);
        labels[slot] = label;
        writeSteps[slot] = step;
    }

    private void validateWrite(long[] classLabels, float[] rows, long step) {
        if (step < lastWriteStep) {
            throw new IllegalArgumentException("memory write at step " + step + " after a write at step " + lastWriteStep
                    + "; steps must not decrease");
        }
        if (rows.length != (long) classLabels.length * dim) {
            throw new IllegalArgumentException("expected " + classLabels.length + " x " + dim + " prototype values, got " + rows.length);
        }
        Set<Long> seen = new HashSet<>();
        for (int c = 0; c < classLabels.length; c++) {
            if (classLabels[c] < 0) throw new IllegalArgumentException("class label " + classLabels[c] + " is negative");
            if (!seen.add(classLabels[c])) throw new IllegalArgumentException("class " + classLabels[c] + " written twice in one update");
            double sq = 0;
            for (int j = 0; j < dim; j++) sq += (double) rows[c * dim + j] * rows[c * dim + j];
            if (!(Math.abs(Math.sqrt(sq) - 1) <= UNIT_NORM_TOLERANCE)) {
                throw new IllegalArgumentException("prototype of class " + classLabels[c] + " has norm " + Math.sqrt(sq) + ", expected 1");
            }
        }
    }

    /** Frees every prototype past the age limit at {@code step}; returns how many. */
    private int expire(long step) {
        int expired = 0;
        Iterator<Map.Entry<Long, Integer>> it = slotByLabel.entrySet().iterator();
        while (it.hasNext()) {
            int slot = it.next().getValue();
            if (!isExpired(slot, step)) break;
            it.remove();
            release(slot);
            expired++;
        }
        return expired;
    }

    private int evictOldest() {
        Iterator<Map.Entry<Long, Integer>> it = slotByLabel.entrySet().iterator();
        int slot = it.next().getValue();
        it.remove();
        labels[slot] = FREE;
        return slot;
    }

    private void release(int slot) {
        labels[slot] = FREE;
        freeSlots[freeCount++] = slot;
    }

    private void copyRows(Map<Integer, Integer> rowOfSlot, float[] rows) {
        int n = rowOfSlot.size();
        if (n == 0) return;
        long[] slots = new long[n];
        float[] values = new float[n * dim];
        int i = 0;
        for (Map.Entry<Integer, Integer> e : rowOfSlot.entrySet()) {
            slots[i] = e.getKey();
            System.arraycopy(rows, e.getValue() * dim, values, i * dim, dim);
            i++;
        }
        try (TensorScope scope = TensorScope.open(); NoGradGuard g = new NoGradGuard()) {
            prototypes.index_copy_(0, device.longs(slots), device.floats(values, n, dim));
        }
    }

    /**
     * M x (4 d + 16) bytes of prototypes, labels and write steps, the slot index estimate, and the
     * checkpoint mirror of the bookkeeping (labels, write steps, eviction order, free stack: 4 longs
     * per slot; the one last-write step is not counted).
     */
    public long stateBytes() {
        return capacity * (dim * 4L + 16) + capacity * INDEX_BYTES_PER_SLOT + capacity * MIRROR_BYTES_PER_SLOT;
    }

    /**
     * The whole memory in its buffers: labels, write steps, the eviction order (slots, oldest
     * first, padded with -1) and the free-slot stack (bottom first, padded with -1), so that a
     * restored memory evicts and assigns slots exactly as the saved one would have. The
     * prototypes are a buffer themselves.
     */
    @Override
    protected void writeBuffers() {
        long[] order = new long[capacity];
        long[] free = new long[capacity];
        Arrays.fill(order, -1);
        Arrays.fill(free, -1);
        int i = 0;
        for (int slot : slotByLabel.values()) order[i++] = slot;
        for (int j = 0; j < freeCount; j++) free[j] = freeSlots[j];
        try (TensorScope scope = TensorScope.open(); NoGradGuard g = new NoGradGuard()) {
            labelBuffer.copy_(Tensors.ofLongs(labels));
            writeStepBuffer.copy_(Tensors.ofLongs(writeSteps));
            orderBuffer.copy_(Tensors.ofLongs(order));
            freeBuffer.copy_(Tensors.ofLongs(free));
            lastWriteBuffer.copy_(Tensors.ofLongs(lastWriteStep));
        }
    }

    /**
     * Restores the bookkeeping from the buffers just loaded, after checking it is consistent
     * (capacity and d are fixed by the buffers' shapes, checked before this).
     *
     * @throws IllegalArgumentException naming the inconsistent field
     */
    @Override
    protected void readBuffers() {
        long[] savedLabels = Tensors.longs(labelBuffer);
        long[] savedSteps = Tensors.longs(writeStepBuffer);
        long[] order = untilPadding(Tensors.longs(orderBuffer));
        long[] free = untilPadding(Tensors.longs(freeBuffer));
        long[] last = Tensors.longs(lastWriteBuffer);
        validateLoaded(savedLabels, savedSteps, order, free, last);
        clear();
        System.arraycopy(savedLabels, 0, labels, 0, capacity);
        System.arraycopy(savedSteps, 0, writeSteps, 0, capacity);
        for (long slot : order) slotByLabel.put(labels[(int) slot], (int) slot);
        freeCount = free.length;
        for (int j = 0; j < free.length; j++) freeSlots[j] = (int) free[j];
        lastWriteStep = last[0];
    }

    /** The entries before the first -1. */
    private static long[] untilPadding(long[] padded) {
        int n = 0;
        while (n < padded.length && padded[n] >= 0) n++;
        return Arrays.copyOf(padded, n);
    }

    private void validateLoaded(long[] savedLabels, long[] savedSteps, long[] order, long[] free, long[] last) {
        if (savedLabels.length != capacity) throw corrupt("labels", savedLabels.length + " entries, expected " + capacity);
        if (savedSteps.length != capacity) throw corrupt("write_steps", savedSteps.length + " entries, expected " + capacity);
        if (last.length != 1) throw corrupt("last_write_step", last.length + " values, expected 1");
        if (order.length + free.length != capacity) {
            throw corrupt("order", order.length + " occupied + " + free.length + " free slots != capacity " + capacity);
        }
        boolean[] seen = new boolean[capacity];
        Set<Long> seenLabels = new HashSet<>();
        long previousStep = Long.MIN_VALUE;
        for (long slot : order) {
            checkSlot("order", slot, seen);
            long label = savedLabels[(int) slot];
            if (label < 0) throw corrupt("order", "occupied slot " + slot + " has label " + label);
            if (!seenLabels.add(label)) throw corrupt("labels", "label " + label + " occupies two slots");
            long step = savedSteps[(int) slot];
            if (step < previousStep) throw corrupt("order", "write steps are not ascending at slot " + slot);
            previousStep = step;
        }
        for (long slot : free) {
            checkSlot("free", slot, seen);
            if (savedLabels[(int) slot] != FREE) throw corrupt("free", "free slot " + slot + " has label " + savedLabels[(int) slot]);
        }
    }

    private void checkSlot(String field, long slot, boolean[] seen) {
        if (slot < 0 || slot >= capacity) throw corrupt(field, "slot " + slot + " out of range [0, " + capacity + ")");
        if (seen[(int) slot]) throw corrupt(field, "slot " + slot + " listed twice");
        seen[(int) slot] = true;
    }

    private static IllegalArgumentException corrupt(String field, String detail) {
        return new IllegalArgumentException(SECTION + " checkpoint, field '" + field + "': " + detail);
    }
}
