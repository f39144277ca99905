package org.protoface.head.memory;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.protoface.data.LookalikeSampling;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.PrototypeExchange;
import org.protoface.distributed.RowGather;
import org.protoface.head.ClassScorer;
import org.protoface.head.Scores;
import org.protoface.torch.Device;
import org.protoface.torch.StateModule;
import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.bytedeco.pytorch.global.torch.cat;
import static org.bytedeco.pytorch.global.torch.zeros;

/**
 * Prototype Memory (Smirnov et al., IEEE Access 2022) as a class scorer.
 *
 * <p>Each step the batch's identities get fresh prototypes built from their own embeddings
 * ({@link PrototypeGenerator}); the classifier for the step is those fresh prototypes (columns
 * 0..C-1, in order of first appearance in the batch) followed by the memory's prototypes of
 * identities not in the batch (oldest first). Memory rows are constants. After the optimizer
 * step the fresh prototypes are written into the memory ({@link PrototypeMemory}).
 *
 * <p>Design choices where the paper is silent (all documented in the config):
 * <ul>
 *   <li>The prototypes written into the memory are the detached ones from this step's forward
 *       pass, i.e. computed by the encoder before its update. Recomputing them after the update
 *       would cost a second forward pass for a one-step difference in age.</li>
 *   <li>Leave-one-out: the target cosine of sample i is taken against its class prototype
 *       without x_i. When i is its class's only image there is nothing left; the fallback is the
 *       class's live memory prototype if there is one, otherwise the ordinary prototype (which is
 *       x_i itself, so that target cosine is 1). Both cases are counted in the telemetry
 *       ("loo_from_memory", "loo_skipped").</li>
 *   <li>Doppelganger mining reads every column except the class's own (fresh prototypes of the
 *       other batch classes and memory prototypes), so identities that the sampler already put
 *       together stay lookalikes of each other.</li>
 * </ul>
 *
 * <p>Telemetry describes the step including the memory update it schedules: the update counts
 * are known at forward time and re-stated after the update.
 *
 * <p>With several ranks that each score their own batch ({@link #PrototypeMemoryScorer(PrototypeMemoryConfig,
 * int, Device, Collectives)}), every rank keeps a replica of the memory: after the optimizer step
 * the ranks all-gather their detached fresh prototypes and labels ({@link PrototypeExchange}) and
 * their mined lookalike lists, and every rank writes the same list in the same (rank) order, so the
 * replicas stay bit-identical ({@link ReplicaChecksum}).
 */
public final class PrototypeMemoryScorer extends StateModule implements ClassScorer {
    private final PrototypeMemoryConfig config;
    private final int dim;
    private final Device device;
    private final PrototypeMemory memory;
    private final PrototypeGenerator generator;
    private final DoppelgangerIndex doppelgangers;
    /** Scratch mask over slots: batch classes' memory rows, which the fresh prototypes replace. */
    private final boolean[] replacedSlot;
    private final Map<String, Double> telemetry = new LinkedHashMap<>();
    /** The ranks whose fresh prototypes are written into every replica (one process: nothing to exchange). */
    private final Collectives world;
    /** The fresh prototypes of every rank (several ranks without gathered embeddings): one collective per step. */
    private final RowGather exchange;
    private PendingUpdate pending;

    /** What score() leaves for afterOptimizerStep(): detached fresh prototypes and mined lookalikes. */
    private record PendingUpdate(long[] classLabels, float[] prototypes, Map<Long, long[]> lookalikes) {}

    /** Memory rows taking part as negatives, oldest first. */
    private record Negatives(long[] slots, long[] labels, long[] ages) {
        int count() {
            return slots.length;
        }
    }

    /**
     * @param config       memory settings
     * @param embeddingDim d, the encoder's output size
     */
    public PrototypeMemoryScorer(PrototypeMemoryConfig config, int embeddingDim) {
        this(config, embeddingDim, Device.CPU);
    }

    /**
     * @param config       memory settings
     * @param embeddingDim d, the encoder's output size
     * @param device       where the memory's prototypes live
     */
    public PrototypeMemoryScorer(PrototypeMemoryConfig config, int embeddingDim, Device device) {
        this(config, embeddingDim, device, Collectives.single());
    }

    /**
     * A replica of one rank: after each step the fresh prototypes of every rank of {@code world}
     * are written into it (a collective in {@link #afterOptimizerStep}).
     */
    public PrototypeMemoryScorer(PrototypeMemoryConfig config, int embeddingDim, Device device, Collectives world) {
        this.world = world;
        this.exchange = new RowGather(world);
        this.config = config;
        this.dim = embeddingDim;
        this.device = device;
        this.memory = child("memory", new PrototypeMemory(config.memorySize(), embeddingDim, config.maxAge(), device));
        this.generator = new PrototypeGenerator(config.gradThroughPrototypes(), config.qualityWeights());
        this.doppelgangers = config.doppelgangersEnabled()
                ? child("doppelgangers", new DoppelgangerIndex(config.doppelgangerCapacity(), config.doppelgangerNeighbours()))
                : null;
        this.replacedSlot = new boolean[config.memorySize()];
    }

    /** The {@code pm:} settings this scorer and its memory were built with. */
    public PrototypeMemoryConfig config() {
        return config;
    }

    /** The memory (read access for tests, telemetry and diagnostics). */
    public PrototypeMemory memory() {
        return memory;
    }

    /** Offers {@link LookalikeSampling} when doppelganger mining is on. */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type == LookalikeSampling.class && doppelgangers != null) {
            return Optional.of(type.cast(new LookalikeSampling(doppelgangers, config.doppelgangerFraction())));
        }
        if (type == Replica.class) return Optional.of(type.cast((Replica) () -> ReplicaChecksum.of(memory)));
        return Optional.empty();
    }

    /** The lookalike index the sampler reads, or null when doppelganger mining is off. */
    public DoppelgangerIndex doppelgangers() {
        return doppelgangers;
    }

    @Override
    public Scores score(Tensor embeddings, Tensor labels, long step) {
        long[] sampleLabels = validate(embeddings, labels);
        BatchClasses classes = BatchClasses.of(sampleLabels);
        int[] memorySlotOfClass = liveSlots(classes, step);
        Negatives negatives = selectNegatives(memorySlotOfClass, step);

        PrototypeGenerator.BatchPrototypes prototypes = generator.generate(embeddings, classes);
        Tensor fresh = prototypes.fresh();
        Tensor weights = fresh;
        if (negatives.count() > 0) {
            Tensor memoryRows = memory.prototypes().index_select(0, device.longs(negatives.slots()));
            weights = cat(new TensorVector(fresh, memoryRows), 0);
        }
        Tensor normalized = Tensors.l2normalize(embeddings);
        Tensor cosines = Tensors.clamp(normalized.mm(weights.t()), -1, 1);
        Tensor targets = device.put(classes.columnIndex());

        telemetry.clear();
        if (config.leaveOneOut()) {
            cosines = leaveOneOut(cosines, targets, normalized, prototypes, classes, memorySlotOfClass);
        }
        float[] freshRows = Tensors.floats(fresh);
        Map<Long, long[]> lookalikes = doppelgangers == null ? Map.of() : mineLookalikes(cosines, classes, negatives);
        pending = new PendingUpdate(classes.labels(), freshRows, lookalikes);

        reportScoring(classes, negatives, memorySlotOfClass, freshRows, step);
        return new Scores(cosines, targets);
    }

    private long[] validate(Tensor embeddings, Tensor labels) {
        long[] shape = Tensors.shape(embeddings);
        if (shape.length != 2 || shape[1] != dim) {
            throw new IllegalArgumentException("embeddings must be B x " + dim + ", got " + Arrays.toString(shape));
        }
        long[] sampleLabels = Tensors.longs(labels);
        if (sampleLabels.length != shape[0]) {
            throw new IllegalArgumentException(sampleLabels.length + " labels for " + shape[0] + " embeddings");
        }
        // A zero or non-finite embedding would give a zero prototype and silently break the memory's unit norm.
        float[] norms = Tensors.floats(embeddings.detach().norm(new ScalarOptional(new Scalar(2.0)), new long[] {1}, false));
        for (int i = 0; i < norms.length; i++) {
            if (!(norms[i] > 0) || !Float.isFinite(norms[i])) {
                throw new IllegalArgumentException("embedding row " + i + " (label " + sampleLabels[i] + ") has norm " + norms[i]);
            }
        }
        return sampleLabels;
    }

    /** Memory slot of each batch class whose prototype may be used at this step, else -1. */
    private int[] liveSlots(BatchClasses classes, long step) {
        int[] slots = new int[classes.size()];
        for (int c = 0; c < slots.length; c++) slots[c] = memory.liveSlotOf(classes.label(c), step);
        return slots;
    }

    private Negatives selectNegatives(int[] memorySlotOfClass, long step) {
        for (int slot : memorySlotOfClass) if (slot >= 0) replacedSlot[slot] = true;
        int[] order = memory.slotsOldestFirst();
        long[] slots = new long[order.length];
        long[] labels = new long[order.length];
        long[] ages = new long[order.length];
        int n = 0;
        for (int slot : order) {
            if (replacedSlot[slot] || memory.isExpired(slot, step)) continue;
            slots[n] = slot;
            labels[n] = memory.label(slot);
            ages[n] = step - memory.writeStep(slot);
            n++;
        }
        for (int slot : memorySlotOfClass) if (slot >= 0) replacedSlot[slot] = false;
        return new Negatives(Arrays.copyOf(slots, n), Arrays.copyOf(labels, n), Arrays.copyOf(ages, n));
    }

    /** Replaces each sample's target cosine by its cosine to the leave-one-out prototype. */
    private Tensor leaveOneOut(Tensor cosines, Tensor targets, Tensor normalized,
                               PrototypeGenerator.BatchPrototypes prototypes, BatchClasses classes, int[] memorySlotOfClass) {
        int b = classes.samples();
        long[] looRows = new long[b], memoryRows = new long[b], memorySlots = new long[b];
        int nLoo = 0, nMemory = 0, skipped = 0;
        for (int i = 0; i < b; i++) {
            int c = classes.columnOf(i);
            if (classes.count(c) >= 2) {
                looRows[nLoo++] = i;
            } else if (memorySlotOfClass[c] >= 0) {
                memoryRows[nMemory] = i;
                memorySlots[nMemory++] = memorySlotOfClass[c];
            } else {
                skipped++;
            }
        }
        Tensor column = targets.unsqueeze(1);
        Tensor target = cosines.gather(1, column).squeeze(1);
        if (nLoo > 0) {
            Tensor rows = device.longs(Arrays.copyOf(looRows, nLoo));
            Tensor loo = prototypes.leaveOneOut(rows);
            target = target.index_copy(0, rows, rowDot(normalized.index_select(0, rows), loo));
        }
        if (nMemory > 0) {
            Tensor rows = device.longs(Arrays.copyOf(memoryRows, nMemory));
            Tensor stored = memory.prototypes().index_select(0, device.longs(Arrays.copyOf(memorySlots, nMemory)));
            target = target.index_copy(0, rows, rowDot(normalized.index_select(0, rows), stored));
        }
        telemetry.put("loo_from_memory", (double) nMemory);
        telemetry.put("loo_skipped", (double) skipped);
        return cosines.scatter(1, column, target.unsqueeze(1));
    }

    /** Clamped cosine of matching rows of two unit-row matrices. */
    private static Tensor rowDot(Tensor a, Tensor b) {
        return Tensors.clamp(a.mul(b).sum(1), -1, 1);
    }

    /**
     * Per batch class, the {@code neighbours} columns (other than its own) with the highest mean
     * cosine over the class's samples, as identity labels.
     */
    private Map<Long, long[]> mineLookalikes(Tensor cosines, BatchClasses classes, Negatives negatives) {
        int c = classes.size();
        int columns = c + negatives.count();
        int k = Math.min(doppelgangers.neighbours(), columns - 1);
        if (k < 1) return Map.of();
        long[] columnLabels = new long[columns];
        for (int j = 0; j < c; j++) columnLabels[j] = classes.label(j);
        System.arraycopy(negatives.labels(), 0, columnLabels, c, negatives.count());
        float[] counts = new float[c];
        long[] own = new long[c];
        for (int j = 0; j < c; j++) {
            counts[j] = classes.count(j);
            own[j] = j;
        }
        long[] top;
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor classMean = device.zeros(c, columns).index_add(0, device.put(classes.columnIndex()), cosines.detach())
                    .div(device.floats(counts, c).unsqueeze(1))
                    .scatter(1, device.longs(own, c, 1), new Scalar(Double.NEGATIVE_INFINITY));
            T_TensorTensor_T best = classMean.topk(k, 1, true, true);
            top = Tensors.longs(best.get1());
        }
        Map<Long, long[]> lookalikes = new LinkedHashMap<>();
        for (int j = 0; j < c; j++) {
            long[] ids = new long[k];
            for (int r = 0; r < k; r++) ids[r] = columnLabels[(int) top[j * k + r]];
            lookalikes.put(classes.label(j), ids);
        }
        return lookalikes;
    }

    private void reportScoring(BatchClasses classes, Negatives negatives, int[] memorySlotOfClass, float[] freshRows, long step) {
        MemoryUpdate planned = memory.preview(classes.labels(), step);
        reportUpdate(planned, memory.size() - planned.expired() - planned.evicted() + planned.inserted());
        telemetry.put("batch_classes", (double) classes.size());
        telemetry.put("neg_count", (double) negatives.count());
        NegativeAges.summarise(negatives.ages(), telemetry);
        reportDrift(memorySlotOfClass, freshRows);
    }

    /** proto_drift_cos: mean cosine between a batch class's stored prototype and its fresh one (obsolescence). */
    private void reportDrift(int[] memorySlotOfClass, float[] freshRows) {
        int present = 0;
        long[] slots = new long[memorySlotOfClass.length];
        int[] columns = new int[memorySlotOfClass.length];
        for (int c = 0; c < memorySlotOfClass.length; c++) {
            if (memorySlotOfClass[c] < 0) continue;
            slots[present] = memorySlotOfClass[c];
            columns[present++] = c;
        }
        if (present == 0) return; // no batch class was in memory: no drift to report (and no NaN)
        float[] stored = Tensors.floats(memory.prototypes().index_select(0, device.longs(Arrays.copyOf(slots, present))));
        double drift = 0;
        for (int k = 0; k < present; k++) {
            double dot = 0;
            for (int j = 0; j < dim; j++) dot += (double) stored[k * dim + j] * freshRows[columns[k] * dim + j];
            drift += dot;
        }
        telemetry.put("proto_drift_cos", drift / present);
    }

    private void reportUpdate(MemoryUpdate update, int sizeAfter) {
        telemetry.put("memory_fill", sizeAfter / (double) memory.slotCount());
        telemetry.put("refreshed", (double) update.refreshed());
        telemetry.put("inserted", (double) update.inserted());
        telemetry.put("evicted", (double) update.evicted());
        telemetry.put("expired", (double) update.expired());
    }

    @Override
    public List<Tensor> optimizerParameters() {
        return List.of();
    }

    /**
     * Writes the prototypes of the last scored batch into the memory (refresh in place or insert,
     * evicting the oldest) and records the mined lookalikes. Without a preceding score() (e.g. a
     * step that was skipped) there is nothing to write.
     */
    @Override
    public void afterOptimizerStep(long step, double learningRate) {
        if (world.worldSize() > 1) {
            exchangeAndWrite(step);
            return;
        }
        if (pending == null) return;
        MemoryUpdate update = memory.write(pending.classLabels(), pending.prototypes(), step);
        for (Map.Entry<Long, long[]> e : pending.lookalikes().entrySet()) doppelgangers.record(e.getKey(), e.getValue());
        reportUpdate(update, memory.size());
        pending = null;
    }

    /**
     * Several ranks: every rank contributes its pending prototypes (none after a skipped step) and
     * lookalike lists, and writes everybody's, in rank order. A collective: every rank calls it
     * at every step.
     */
    private void exchangeAndWrite(long step) {
        PendingUpdate mine = pending == null ? new PendingUpdate(new long[0], new float[0], Map.of()) : pending;
        PrototypeExchange.Exchanged all = PrototypeExchange.allGather(exchange, mine.classLabels(), mine.prototypes(), dim);
        MemoryUpdate update = memory.write(all.labels(), all.rows(), step);
        if (doppelgangers != null) {
            for (Map.Entry<Long, long[]> e : LookalikeExchange.allGather(world, mine.lookalikes(), doppelgangers.neighbours()).entrySet()) {
                doppelgangers.record(e.getKey(), e.getValue());
            }
        }
        reportUpdate(update, memory.size());
        pending = null;
    }

    /** Memory plus the lookalike index; both fixed by the config, independent of the number of identities. */
    @Override
    public long stateBytes() {
        return memory.stateBytes() + (doppelgangers == null ? 0 : doppelgangers.stateBytes());
    }

    @Override
    public Map<String, Double> telemetry() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(telemetry));
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("prototype memory M=").append(config.memorySize()).append(" d=").append(dim)
                .append(" (grad ").append(onOff(config.gradThroughPrototypes()))
                .append(", loo ").append(onOff(config.leaveOneOut()))
                .append(", qa ").append(onOff(config.qualityWeights()));
        if (config.maxAge() > 0) s.append(", max age ").append(config.maxAge());
        if (doppelgangers != null) {
            s.append(", doppelgangers ").append(config.doppelgangerFraction()).append(" x").append(config.doppelgangerNeighbours());
        }
        return s.append(')').toString();
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
