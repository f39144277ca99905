package org.protoface.head.full;

import org.protoface.head.ClassScorer;
import org.protoface.head.ClassWeightStats;
import org.protoface.head.LabelCheck;
import org.protoface.head.Scores;

import org.protoface.torch.Device;
import org.protoface.torch.StateModule;
import org.protoface.torch.TensorScope;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Tensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 */
public final class FullSoftmaxScorer extends StateModule implements ClassScorer {
    public static final double INIT_STD = 0.01;
    static final String WEIGHT_KEY = "weight";
    private static final String NAME = "full softmax scorer";

    private final long numClasses;
    private final long embeddingSize;
    private final int optimizerBuffersPerWeight;
    private final Tensor weight;
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
        Tensor w = device.randn(numClasses, embeddingSize);
        w.mul_(new Scalar(INIT_STD));
        // the module owns W from here on, whatever scope the caller has open
        this.weight = parameter(WEIGHT_KEY, w);
    }

    @Override
    public Scores score(Tensor embeddings, Tensor labels, long step) {
        LabelCheck.require(embeddings, labels, embeddingSize, numClasses, NAME);
        Tensor cosines = torch.mm(Tensors.l2normalize(embeddings), Tensors.l2normalize(weight).t());
        cosines = Tensors.clamp(cosines, -1.0, 1.0);
        telemetry = measure(embeddings, labels);
        return new Scores(cosines, labels);
    }

    /**
     * The row-norm distribution of W (O(N d)) and, for the batch's classes, the cosine between each
     * class's row (before this step's update) and the mean of its samples' normalised embeddings:
     * whether W still points where the encoder puts each class.
     */
    private Map<String, Double> measure(Tensor embeddings, Tensor labels) {
        Map<String, Double> values = new LinkedHashMap<>();
        ClassWeightStats.putNorms(weight, values);
        long[][] classes = ClassWeightStats.distinctAndPositions(Tensors.longs(labels));
        try (TensorScope scope = TensorScope.open(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor rows = weight.detach().index_select(0, onWeightDevice(Tensors.ofLongs(classes[0])));
            Tensor positions = onWeightDevice(Tensors.ofLongs(classes[1]));
            values.put(ClassWeightStats.DRIFT_COS, ClassWeightStats.driftCosine(embeddings, rows, positions));
        }
        return Collections.unmodifiableMap(values);
    }

    private Tensor onWeightDevice(Tensor t) {
        return t.to(weight.device(), t.scalar_type());
    }

    @Override
    public List<Tensor> optimizerParameters() {
        return List.of(weight);
    }

    /** Nothing to do: W changes only through the shared optimizer. */
    @Override
    public void afterOptimizerStep(long step, double learningRate) {}

    /** The N x d weight matrix itself (a leaf with gradient). */
    public Tensor weight() {
        return weight;
    }

    public long numClasses() {
        return numClasses;
    }

    public long embeddingSize() {
        return embeddingSize;
    }

    /** Bytes of W alone: N d float32. */
    public long weightBytes() {
        return numClasses * embeddingSize * Float.BYTES;
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
        return "full softmax " + numClasses + " x " + embeddingSize;
    }
}
