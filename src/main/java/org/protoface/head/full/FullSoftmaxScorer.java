package org.protoface.head.full;

import org.protoface.distributed.ClassShard;
import org.protoface.distributed.ShardInit;
import org.protoface.head.ClassScorer;
import org.protoface.head.ClassUpdate;
import org.protoface.head.ClassWeightStats;
import org.protoface.head.LabelCheck;
import org.protoface.head.Scores;
import org.protoface.head.ShardedClasses;

import org.protoface.torch.Device;
import org.protoface.torch.StateModule;
import org.protoface.torch.TensorScope;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Tensors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full softmax: every class has a row of an N x d weight matrix W (the prototypes), trained by
 * the shared optimizer; every step scores the batch against all N rows:
 * cos = normalize(x) normalize(W)^T, clamped to [-1, 1]; the target column is the label itself.
 *
 * <p>W is initialised N(0, 0.01^2) (std 0.01, as the public Partial FC code does); only its
 * direction matters for the cosines.
 *
 * <p>Telemetry of each {@link #score}: the distribution of W's row norms (prototype_norm_mean,
 * _p10, _p50, _p90) and proto_drift_cos, the mean over the batch's classes of the cosine between a
 * class's row and the mean of its samples' normalised embeddings ({@link ClassWeightStats}).
 *
 * <p>{@link #stateBytes()} counts W (N d float32) plus the optimizer buffers the shared optimizer
 * keeps for it: with SGD + momentum (the recipe) that is one more N x d float32 buffer, so the
 * default is {@code optimizerBuffersPerWeight = 1}; pass 0 for plain SGD, 2 for Adam/AdamW. The
 * buffers themselves are owned by the optimizer, not by this class.
 *
 * <p>Built for a run ({@link #FullSoftmaxScorer(ClassShard, long, ClassUpdate, long, Device)}), the
 * scorer holds the rows of one {@link ClassShard} (all N on one rank; a contiguous block of them on
 * each of several ranks, model parallelism as in insightface's Partial FC) and updates them itself
 * with the run's optimizer rule ({@link ClassWeightOptimizer}), so weights and their momentum can be
 * saved per rank and re-split on resume. Its rows are drawn by class ({@link ShardInit}): the same
 * numbers whatever the number of ranks. Targets of samples whose class is held by another rank are
 * the placeholder column C (one past the last), which the sharded margin and loss understand.
 */
public final class FullSoftmaxScorer extends StateModule implements ClassScorer {
    public static final double INIT_STD = 0.01;
    static final String WEIGHT_KEY = "weight";
    private static final String NAME = "full softmax scorer";

    static final String UPDATE_KEY = "update";

    private final long numClasses;
    private final long embeddingSize;
    private final int optimizerBuffersPerWeight;
    private final ClassShard shard;
    private final Tensor weight;
    /** The weights' own optimizer; null when the shared optimizer updates them. */
    private final ClassWeightOptimizer update;
    private Map<String, Double> telemetry = Map.of();

    /** A scorer whose optimizer keeps one momentum buffer per weight (SGD with momentum). */
    public FullSoftmaxScorer(long numClasses, long embeddingSize) {
        this(numClasses, embeddingSize, 1);
    }

    /**
     * Draws W from libtorch's global generator (seed it with Torch.manualSeed for repeatable runs).
     *
     * @param optimizerBuffersPerWeight N x d buffers the optimizer keeps for W (for stateBytes)
     */
    public FullSoftmaxScorer(long numClasses, long embeddingSize, int optimizerBuffersPerWeight) {
        this(numClasses, embeddingSize, optimizerBuffersPerWeight, Device.CPU);
    }

    /**
     * Draws W on {@code device} from its default generator (seed it with Torch.manualSeed for
     * repeatable runs); W is the registered parameter "weight".
     *
     * @param optimizerBuffersPerWeight N x d buffers the optimizer keeps for W (for stateBytes)
     */
    public FullSoftmaxScorer(long numClasses, long embeddingSize, int optimizerBuffersPerWeight, Device device) {
        if (numClasses < 1) throw new IllegalArgumentException(NAME + ": number of classes must be >= 1, got " + numClasses);
        if (embeddingSize < 1) throw new IllegalArgumentException(NAME + ": embedding size must be >= 1, got " + embeddingSize);
        if (optimizerBuffersPerWeight < 0) {
            throw new IllegalArgumentException(NAME + ": optimizer buffers per weight must be >= 0, got "
                    + optimizerBuffersPerWeight);
        }
        this.numClasses = numClasses;
        this.embeddingSize = embeddingSize;
        this.optimizerBuffersPerWeight = optimizerBuffersPerWeight;
        this.shard = ClassShard.of(numClasses, 0, 1);
        Tensor w = device.randn(numClasses, embeddingSize);
        w.mul_(new Scalar(INIT_STD));
        // the module owns W from here on, whatever scope the caller has open
        this.weight = parameter(WEIGHT_KEY, w);
        this.update = null;
    }

    /**
     * The scorer of a training run: rows [shard.start, shard.end) of the N x d matrix, drawn
     * N(0, 0.01^2) by class from {@code seed} ({@link ShardInit}), updated by this scorer after each
     * optimizer step with {@code rule}; with {@code rule == null} (one rank, all classes) the
     * shared optimizer updates W instead.
     */
    public FullSoftmaxScorer(ClassShard shard, long embeddingSize, ClassUpdate rule, long seed, Device device) {
        if (embeddingSize < 1) throw new IllegalArgumentException(NAME + ": embedding size must be >= 1, got " + embeddingSize);
        this.numClasses = shard.numClasses();
        this.embeddingSize = embeddingSize;
        if (rule == null && shard.count() != shard.numClasses()) {
            throw new IllegalArgumentException(NAME + ": a shard of the classes needs its own update rule (the shared optimizer averages gradients)");
        }
        this.optimizerBuffersPerWeight = rule == null ? 1 : rule.buffersPerWeight();
        this.shard = shard;
        Tensor w = device.put(ShardInit.normalRows(seed, shard.start(), shard.count(), embeddingSize, INIT_STD));
        this.weight = parameter(WEIGHT_KEY, w);
        this.update = rule == null ? null : child(UPDATE_KEY, new ClassWeightOptimizer(rule, shard.count(), embeddingSize, device));
    }

    @Override
    public Scores score(Tensor embeddings, Tensor labels, long step) {
        LabelCheck.require(embeddings, labels, embeddingSize, numClasses, NAME);
        // the last step's gradient was used by this scorer's own update; the shared optimizer does not clear it
        if (update != null && weight.grad().defined()) weight.grad().zero_();
        Tensor cosines = torch.mm(Tensors.l2normalize(embeddings), Tensors.l2normalize(weight).t());
        cosines = Tensors.clamp(cosines, -1.0, 1.0);
        telemetry = measure(embeddings, labels);
        Tensor targets = shard.count() == numClasses ? labels : shard.localTargets(labels);
        return new Scores(cosines, targets);
    }

    /**
     * The row-norm distribution of this rank's rows of W (O(C d)) and, for the batch's classes held
     * here, the cosine between each class's row (before this step's update) and the mean of its
     * samples' normalised embeddings: whether W still points where the encoder puts each class.
     */
    private Map<String, Double> measure(Tensor embeddings, Tensor labels) {
        Map<String, Double> values = new LinkedHashMap<>();
        ClassWeightStats.putNorms(weight, values);
        long[] all = Tensors.longs(labels);
        long[] samples = java.util.stream.IntStream.range(0, all.length).filter(i -> shard.owns(all[i])).asLongStream().toArray();
        if (samples.length == 0) return Collections.unmodifiableMap(values);
        long[] local = java.util.Arrays.stream(samples).map(i -> all[(int) i] - shard.start()).toArray();
        long[][] classes = ClassWeightStats.distinctAndPositions(local);
        try (TensorScope scope = TensorScope.open(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor rows = weight.detach().index_select(0, onWeightDevice(Tensors.ofLongs(classes[0])));
            Tensor positions = onWeightDevice(Tensors.ofLongs(classes[1]));
            Tensor mine = samples.length == all.length ? embeddings : embeddings.index_select(0, onWeightDevice(Tensors.ofLongs(samples)));
            values.put(ClassWeightStats.DRIFT_COS, ClassWeightStats.driftCosine(mine, rows, positions));
        }
        return Collections.unmodifiableMap(values);
    }

    private Tensor onWeightDevice(Tensor t) {
        return t.to(weight.device(), t.scalar_type());
    }

    /** W when the shared optimizer updates it; empty when this scorer updates its rows itself. */
    @Override
    public List<Tensor> optimizerParameters() {
        return update == null ? List.of(weight) : List.of();
    }

    /** Updates this rank's rows with the run's rule (built for a run); otherwise W changes only through the shared optimizer. */
    @Override
    public void afterOptimizerStep(long step, double learningRate) {
        if (update != null) update.step(weight, learningRate);
    }

    /** The classes whose rows this scorer holds, and its per-class tensors (weights and their optimizer state). */
    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (update == null) return Optional.empty();
        if (type == org.protoface.head.SelfUpdatedWeights.class) return Optional.of(type.cast(new org.protoface.head.SelfUpdatedWeights(List.of(weight))));
        if (type != ShardedClasses.class) return Optional.empty();
        List<String> rows = new ArrayList<>(List.of(WEIGHT_KEY));
        for (String t : update.rowTensors()) rows.add(UPDATE_KEY + "." + t);
        return Optional.of(type.cast(new ShardedClasses(shard, rows)));
    }

    /**
     * The classes whose rows this scorer holds: all N on rank 0 of 1 when built without a shard,
     * otherwise the run's contiguous block [start, end) for this rank.
     */
    public ClassShard shard() {
        return shard;
    }

    /** The C x d weight rows of this scorer's classes (all N on one rank), a leaf with gradient. */
    public Tensor weight() {
        return weight;
    }

    /** N, the classes of the whole job (not only this rank's rows): labels must lie in [0, N). */
    public long numClasses() {
        return numClasses;
    }

    /** d, the width of W's rows and of the embeddings {@link #score} accepts. */
    public long embeddingSize() {
        return embeddingSize;
    }

    /** Bytes of this scorer's rows of W alone: C d float32. */
    public long weightBytes() {
        return shard.count() * embeddingSize * Float.BYTES;
    }

    /** W plus the optimizer's per-weight buffers (see the class comment). */
    @Override
    public long stateBytes() {
        return weightBytes() * (1L + optimizerBuffersPerWeight);
    }

    @Override
    public Map<String, Double> telemetry() {
        return telemetry;
    }

    @Override
    public String describe() {
        String split = shard.worldSize() == 1 ? "" : " (classes " + shard.start() + ".." + (shard.end() - 1) + " on rank "
                + shard.rank() + " of " + shard.worldSize() + ")";
        return "full softmax " + numClasses + " x " + embeddingSize + split;
    }
}
