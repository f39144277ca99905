package org.protoface.head.sampled;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.protoface.distributed.ClassShard;
import org.protoface.distributed.ShardInit;
import org.protoface.head.AgeHistogram;
import org.protoface.head.ClassScorer;
import org.protoface.head.ClassWeightStats;
import org.protoface.head.Scores;
import org.protoface.head.ShardedClasses;
import org.protoface.head.StateBudget;
import org.protoface.torch.Device;
import org.protoface.torch.Held;
import org.protoface.torch.StateModule;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.bytedeco.pytorch.global.torch.index_select;

/**
 * Sampled class centres: Partial FC (An et al. 2020) and, with a fixed negative count, the
 * sampling of D-Softmax-K (He et al. 2020).
 *
 * <p>All N x d centres and their momentum are plain float32 tensors in host memory, owned and
 * updated here rather than by the shared optimizer ({@link #optimizerParameters()} is empty). Each step:
 * <ol>
 *   <li>{@link #score}: the batch's distinct classes plus negatives drawn uniformly without
 *       replacement from the other classes ({@link NegativeSampling}) are gathered, in ascending
 *       class order, with index_select into a fresh leaf tensor with requires_grad; the scores are
 *       normalize(embeddings) x normalize(leaf)^T clamped to [-1, 1], and each sample's target
 *       is the position of its label among the gathered rows. Ascending order makes r = 1 the
 *       full softmax column for column, so the two take bit-identical steps (the same sums in
 *       the same order), which the trainer-level test checks;</li>
 *   <li>the caller's backward pass fills the leaf's gradient;</li>
 *   <li>{@link #afterOptimizerStep}: SGD with momentum and weight decay ({@link CentreSgd}) on
 *       the gathered rows only, written back with index_copy_, so a step costs O(rows x d), not
 *       O(N x d). Rows that were not gathered are not touched at all.</li>
 * </ol>
 * Centres start N(0, 0.01) (standard deviation 0.01) from libtorch's global generator
 * ({@code Torch.manualSeed}); the momentum starts at zero.
 *
 * <p>Telemetry of the last {@link #score} (keys shared with the Prototype Memory scorer):
 * <ul>
 *   <li>neg_count: centres used as negatives (gathered rows that are not a batch class);</li>
 *   <li>host_device_bytes: bytes of sampled rows copied from the host-resident centres to the
 *       step's device plus their gradients copied back (2 R d float32; on the CPU build these are
 *       copies within host memory);</li>
 *   <li>neg_age_mean / neg_age_median / neg_age_p99 / neg_age_max: age of those centres, in
 *       steps since the step whose {@link #afterOptimizerStep} last updated them; a row never
 *       updated counts from step 0 (age = current step). Omitted when there is no negative.
 *       Definitions of median and p99 in {@link AgeStatistics};</li>
 *   <li>neg_age_hist_0 .. neg_age_hist_15: the same ages in power-of-two buckets ({@link AgeHistogram});</li>
 *   <li>proto_drift_cos, every drift_every steps (step % drift_every == 0; 0 turns it off):
 *       mean over the batch's classes of the cosine between the class's centre (before this
 *       step's update) and the mean of the normalised embeddings of its images in the batch; with it,
 *       the distribution of all N centres' norms (prototype_norm_mean, _p10, _p50, _p90; O(N d)).</li>
 * </ul>
 *
 * <p>State: centres and momentum (2 N d float32), a long per class for the last update step and
 * the sampler's N-bit scratch set ({@link #requiredBytes}); the size is checked against available
 * memory before anything is allocated.
 *
 * <p>Lifetime: a {@link #score} without a following {@link #afterOptimizerStep} (e.g. scoring a
 * batch for inspection) changes nothing; the next {@link #score} discards its selection.
 *
 * <p>Split across ranks ({@link #PartialFcScorer(ClassShard, int, NegativeSampling, CentreSgd, int, long, long, Device)}):
 * each rank holds the centres and momentum of its {@link ClassShard} only and scores the gathered
 * global batch against its positives (the batch's classes in its block) plus negatives from its
 * block (insightface's model-parallel Partial FC); samples of classes held elsewhere get the
 * placeholder target (one past the last row). Centres are drawn by class ({@link ShardInit}), so
 * they are the same rows whatever the number of ranks.
 */
public final class PartialFcScorer extends StateModule implements ClassScorer {
    private final long numClasses;
    /** The classes of this rank (all N on one rank). */
    private final ClassShard shard;
    private final int dim;
    private final NegativeSampling sampling;
    private final CentreSgd sgd;
    private final int driftEvery;

    private final Device device;
    /** N x d, host memory: only the sampled rows visit the step's device. */
    private final Tensor centres;
    private final Tensor momentum;
    /** N int64: the step whose update last wrote each centre (age of a negative = step - this). */
    private final Tensor lastUpdateStep;
    private final Tensor samplerStateBuffer;
    private final NegativeSampler sampler;

    private PendingStep pending;
    private long[] lastRows = new long[0];
    private Map<String, Double> telemetry = Map.of();

    /** Partial FC as configured. */
    public PartialFcScorer(long numClasses, int dim, PartialFcConfig config) {
        this(numClasses, dim, config, Device.CPU);
    }

    /** Partial FC as configured, scoring on {@code device}. */
    public PartialFcScorer(long numClasses, int dim, PartialFcConfig config, Device device) {
        this(numClasses, dim, NegativeSampling.rate(config.sampleRate()),
                new CentreSgd(config.momentum(), config.weightDecay()), config.driftEvery(), config.seed(), device);
    }

    /**
     * @param sampling   rate-based (Partial FC) or count-based (D-Softmax-K) negatives
     * @param driftEvery steps between proto_drift_cos measurements; 0 turns it off
     * @param seed       seed of the negative sampler
     * @throws org.protoface.head.StateBudgetExceededException if the state cannot fit in available memory
     */
    public PartialFcScorer(long numClasses, int dim, NegativeSampling sampling, CentreSgd sgd, int driftEvery, long seed) {
        this(numClasses, dim, sampling, sgd, driftEvery, seed, Device.CPU);
    }

    /**
     * @param sampling   rate-based (Partial FC) or count-based (D-Softmax-K) negatives
     * @param driftEvery steps between proto_drift_cos measurements; 0 turns it off
     * @param seed       seed of the negative sampler
     * @param device     where each step's sampled rows are scored; the centres stay in host memory
     * @throws org.protoface.head.StateBudgetExceededException if the state cannot fit in available memory
     */
    public PartialFcScorer(long numClasses, int dim, NegativeSampling sampling, CentreSgd sgd, int driftEvery, long seed,
                           Device device) {
        this(checkedShard(numClasses, sampling), dim, sampling, sgd, driftEvery, seed, null, device);
    }

    /**
     * One rank's block of the centres of a run split across ranks (all classes on one rank).
     *
     * @param sampling  the sampling over all N classes (a count is shared among the ranks, see
     *                  {@link NegativeSampling#forBlock})
     * @param seed      seed of the negative sampler (mixed with the block, so ranks draw independently)
     * @param initSeed  the run's seed: centres are drawn N(0, 0.01^2) by class ({@link ShardInit})
     * @throws org.protoface.head.StateBudgetExceededException if this rank's block cannot fit in available memory
     */
    public PartialFcScorer(ClassShard shard, int dim, NegativeSampling sampling, CentreSgd sgd, int driftEvery, long seed,
                           long initSeed, Device device) {
        this(shard, dim, sampling, sgd, driftEvery, seed, Long.valueOf(initSeed), device);
    }

    private PartialFcScorer(ClassShard shard, int dim, NegativeSampling sampling, CentreSgd sgd, int driftEvery, long seed,
                            Long initSeed, Device device) {
        long count = shard.count();
        if (dim <= 0) throw new IllegalArgumentException(sampling.methodName() + ": embedding dimension must be positive, got " + dim);
        if (driftEvery < 0) throw new IllegalArgumentException(sampling.methodName() + ": drift_every must be >= 0, got " + driftEvery);
        // Before any allocation: an N that cannot fit gets a clear refusal, not an allocator crash.
        String purpose = count == shard.numClasses() ? "for " + count + " identities"
                : "for " + count + " of " + shard.numClasses() + " identities on rank " + shard.rank() + " of " + shard.worldSize();
        StateBudget.requireAvailable(requiredBytes(count, dim), sampling.methodName(), purpose);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(sampling.methodName() + ": at most " + (Integer.MAX_VALUE - 8)
                    + " identities per rank are supported (the sampler's index is a Java array), got " + count);
        }
        this.numClasses = shard.numClasses();
        this.shard = shard;
        this.dim = dim;
        this.sampling = sampling.forBlock(count, numClasses);
        this.sgd = sgd;
        this.driftEvery = driftEvery;
        this.device = device;
        // one block: the seed as given (runs of one rank sample as they always did)
        this.sampler = new NegativeSampler(count, seed + shard.start() * 0x9E3779B97F4A7C15L);
        // host tensors registered on the module: it owns them whatever scope the caller has open
        Tensor init;
        if (initSeed == null) {
            init = Tensors.randn(count, dim);
            init.mul_(Tensors.scalar(0.01));
        } else {
            init = ShardInit.normalRows(initSeed, shard.start(), count, dim, 0.01);
        }
        this.centres = buffer("centres", init);
        this.momentum = buffer("momentum", Tensors.zeros(count, dim));
        this.lastUpdateStep = buffer("last_update_step", torch.zeros(new long[] {count}, new TensorOptions(torch.ScalarType.Long)));
        this.samplerStateBuffer = buffer("sampler_state", Tensors.ofLongs(0L));
    }

    private static ClassShard checkedShard(long numClasses, NegativeSampling sampling) {
        if (numClasses <= 0) throw new IllegalArgumentException(sampling.methodName() + ": number of identities must be positive, got " + numClasses);
        return ClassShard.of(numClasses, 0, 1);
    }

    /** Partial FC as configured, holding this rank's block of the classes. */
    public static PartialFcScorer partialFc(ClassShard shard, int dim, PartialFcConfig config, long initSeed, Device device) {
        return new PartialFcScorer(shard, dim, NegativeSampling.rate(config.sampleRate()),
                new CentreSgd(config.momentum(), config.weightDecay()), config.driftEvery(), config.seed(), initSeed, device);
    }

    /** D-Softmax-K as configured, holding this rank's block of the classes. */
    public static PartialFcScorer dSoftmaxK(ClassShard shard, int dim, DSoftmaxKConfig config, long initSeed, Device device) {
        return new PartialFcScorer(shard, dim, NegativeSampling.count(config.negatives()),
                new CentreSgd(config.momentum(), config.weightDecay()), config.driftEvery(), config.seed(), initSeed, device);
    }

    /** A D-Softmax-K scorer: {@code config.negatives()} negatives per step. */
    public static PartialFcScorer dSoftmaxK(long numClasses, int dim, DSoftmaxKConfig config) {
        return dSoftmaxK(numClasses, dim, config, Device.CPU);
    }

    /** A D-Softmax-K scorer scoring on {@code device}. */
    public static PartialFcScorer dSoftmaxK(long numClasses, int dim, DSoftmaxKConfig config, Device device) {
        return new PartialFcScorer(numClasses, dim, NegativeSampling.count(config.negatives()),
                new CentreSgd(config.momentum(), config.weightDecay()), config.driftEvery(), config.seed(), device);
    }

    /**
     * Bytes of state for N identities of dimension d: centres and momentum (2 N d float32), the
     * last-update step per class (N longs) and the sampler's N-bit scratch set.
     */
    public static long requiredBytes(long numClasses, int dim) {
        long matrices = Math.multiplyExact(Math.multiplyExact(2L * Float.BYTES, numClasses), (long) dim);
        long ages = Math.multiplyExact((long) Long.BYTES, numClasses);
        return matrices + ages + NegativeSampler.bytesFor(numClasses);
    }

    @Override
    public Scores score(Tensor embeddings, Tensor labels, long step) {
        long[] labelValues = checkedLabels(embeddings, labels);
        long[] all = ClassSelection.distinctSortedLabels(labelValues, numClasses, sampling.methodName());
        long[] positives = shard.count() == numClasses ? all : ClassSelection.withinBlock(all, shard.start(), shard.end());
        long[] negatives = sampler.sample(positives, sampling.negatives(shard.count(), positives.length));
        ClassSelection selection = ClassSelection.of(labelValues, shard.start(), shard.end(), positives, negatives);

        discardPending();
        Tensor rows = Tensors.ofLongs(selection.rows());
        // A copy of the rows on the step's device, detached from the host centres: the gradient
        // lands here and the update in afterOptimizerStep brings it back and writes the rows.
        Tensor leaf = device.put(index_select(centres, 0, rows));
        leaf.set_requires_grad(true);
        pending = new PendingStep(step, Held.of(rows), Held.of(leaf));
        lastRows = selection.rows();

        Tensor cosines = Tensors.clamp(Tensors.l2normalize(embeddings).mm(Tensors.l2normalize(leaf).t()), -1, 1);
        Tensor targets = device.longs(selection.targets());
        telemetry = measure(selection, embeddings, leaf, step);
        return new Scores(cosines, targets);
    }

    @Override
    public List<Tensor> optimizerParameters() {
        return List.of();
    }

    @Override
    public void afterOptimizerStep(long step, double learningRate) {
        if (pending == null) return;
        if (pending.step != step) {
            throw new IllegalStateException(sampling.methodName() + ": rows were sampled at step " + pending.step
                    + " but afterOptimizerStep was called for step " + step);
        }
        try (TensorScope scope = TensorScope.open(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor leaf = pending.leaf.get();
            Tensor rows = pending.rows.get();
            Tensor grad = leaf.grad();
            if (!grad.defined()) {
                throw new IllegalStateException(sampling.methodName() + ": no gradient reached the sampled centres at step "
                        + step + "; run backward on the loss before afterOptimizerStep");
            }
            Tensor buffer = index_select(momentum, 0, rows);
            CentreSgd.Result updated = sgd.step(Device.CPU.put(leaf.detach()), Device.CPU.put(grad), buffer, learningRate);
            centres.index_copy_(0, rows, updated.weights());
            momentum.index_copy_(0, rows, updated.momentumBuffer());
            lastUpdateStep.index_fill_(0, rows, new Scalar(step));
        }
        discardPending();
    }

    @Override
    public long stateBytes() {
        return requiredBytes(shard.count(), dim);
    }

    /** This rank's classes and the per-class tensors (centres, momentum, last update step). */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type != ShardedClasses.class) return Optional.empty();
        return Optional.of(type.cast(new ShardedClasses(shard, List.of("centres", "momentum", "last_update_step"))));
    }

    /** The classes whose centres this scorer holds (all of them on one rank). */
    public ClassShard shard() {
        return shard;
    }

    /** The negative sampler's position goes into its buffer before a save. */
    @Override
    protected void writeBuffers() {
        try (TensorScope scope = TensorScope.open(); NoGradGuard g = new NoGradGuard()) {
            samplerStateBuffer.copy_(Tensors.ofLongs(sampler.state()));
        }
    }

    /** Restores the sampler's position; a step scored before the load is forgotten. */
    @Override
    protected void readBuffers() {
        sampler.restore(Tensors.longs(samplerStateBuffer)[0]);
        discardPending();
        lastRows = new long[0];
        telemetry = Map.of();
    }

    @Override
    public Map<String, Double> telemetry() {
        return telemetry;
    }

    @Override
    public String describe() {
        String split = shard.worldSize() == 1 ? "" : " (classes " + shard.start() + ".." + (shard.end() - 1) + " on rank "
                + shard.rank() + " of " + shard.worldSize() + ")";
        return sampling.describe(numClasses, dim) + split;
    }

    /** N, the number of identities (rows of the centres). */
    public long numClasses() {
        return numClasses;
    }

    /** d, the embedding dimension (columns of the centres). */
    public int dim() {
        return dim;
    }

    /** Class ids gathered by the last {@link #score}, ascending (the batch's classes and the negatives interleaved). */
    public long[] sampledRows() {
        long[] ids = lastRows.clone();
        for (int i = 0; i < ids.length; i++) ids[i] += shard.start();
        return ids;
    }

    /** A copy of this rank's centres (C x d, all N on one rank); O(C d) memory, for tests and diagnostics. */
    public Tensor copyOfCentres() {
        return centres.detach().clone();
    }

    /** A copy of this rank's momentum buffers (C x d); O(C d) memory, for tests and diagnostics. */
    public Tensor copyOfMomentum() {
        return momentum.detach().clone();
    }

    private long[] checkedLabels(Tensor embeddings, Tensor labels) {
        long[] embeddingShape = Tensors.shape(embeddings);
        long[] labelShape = Tensors.shape(labels);
        if (embeddingShape.length != 2 || embeddingShape[1] != dim) {
            throw new IllegalArgumentException(sampling.methodName() + ": embeddings must be B x " + dim
                    + ", got " + Arrays.toString(embeddingShape));
        }
        if (labelShape.length != 1 || labelShape[0] != embeddingShape[0]) {
            throw new IllegalArgumentException(sampling.methodName() + ": labels must be a vector of " + embeddingShape[0]
                    + " entries, got shape " + Arrays.toString(labelShape));
        }
        return Tensors.longs(labels);
    }

    private Map<String, Double> measure(ClassSelection selection, Tensor embeddings, Tensor leaf, long step) {
        Map<String, Double> values = new LinkedHashMap<>();
        long[] negatives = selection.negatives();
        values.put("neg_count", (double) negatives.length);
        // the sampled rows go to the step's device and their gradients come back: R x d floats each way
        values.put("host_device_bytes", (double) (2L * selection.rows().length * dim * Float.BYTES));
        if (negatives.length > 0) {
            long[] ages = Tensors.longs(index_select(lastUpdateStep, 0, Tensors.ofLongs(negatives)));
            for (int i = 0; i < ages.length; i++) ages[i] = step - ages[i];
            AgeStatistics stats = AgeStatistics.of(ages);
            values.put("neg_age_mean", stats.mean());
            values.put("neg_age_median", stats.median());
            values.put("neg_age_p99", stats.p99());
            values.put("neg_age_max", stats.max());
            AgeHistogram.put(ages, values);
        }
        if (driftEvery > 0 && step % driftEvery == 0 && selection.positives() > 0) {
            // the batch's classes sit among the negatives in ascending class order: their rows by column;
            // with class shards, samples whose class lives on another rank have no row here
            try (TensorScope scope = TensorScope.open()) {
                Tensor positiveCentres = index_select(leaf, 0, device.longs(selection.positiveColumns()));
                long[] among = selection.positiveTargets();
                long[] owned = java.util.stream.IntStream.range(0, among.length).filter(i -> among[i] >= 0).asLongStream().toArray();
                Tensor mine = owned.length == among.length ? embeddings : embeddings.index_select(0, device.longs(owned));
                long[] ownedTargets = java.util.Arrays.stream(owned).map(i -> among[(int) i]).toArray();
                values.put(ClassWeightStats.DRIFT_COS, ClassWeightStats.driftCosine(mine, positiveCentres, device.longs(ownedTargets)));
            }
            ClassWeightStats.putNorms(centres, values);
        }
        return Collections.unmodifiableMap(values);
    }

    private void discardPending() {
        if (pending == null) return;
        pending.rows.close();
        pending.leaf.close();
        pending = null;
    }

    /** What score() leaves for afterOptimizerStep: the gathered rows (host) and the leaf holding their gradient (device). */
    private record PendingStep(long step, Held rows, Held leaf) {}
}
