package org.protoface.distributed;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.head.margin.ArcFace;
import org.protoface.head.margin.CombinedMargin;
import org.protoface.head.margin.CosFace;
import org.protoface.head.Margin;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.memory.PrototypeMemoryConfig;
import org.protoface.head.memory.PrototypeMemoryScorer;
import org.protoface.testing.TinyEncoder;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inputs shared by the two-rank program (each rank takes its slice) and the single-process
 * references in {@link TwoRankTest}: the same seeds give the same tensors in both JVMs.
 */
final class TwoRankFixtures {
    static final int WORLD = 2;
    /**
     * Row counts {rank 0, rank 1} of successive calls to one RowGather: the first call starts with
     * no capacity (both ranks overflow), then the same sizes (one collective), a rank with fewer
     * rows, one rank growing past the capacity, a rank with none, both with none.
     */
    static final long[][] ROW_GATHER_COUNTS = {{3, 1}, {3, 3}, {1, 3}, {2, 5}, {0, 4}, {0, 0}, {5, 5}};

    // data-parallel encoder: IResNet-18 x 0.125 at 32 px, BatchNorm in eval mode
    static final int DP_LOCAL_BATCH = 4;
    static final int DP_STEPS = 3;
    static final double DP_LR = 1e-5;
    static final long DP_SEED = 1000;
    /** 50 KiB buckets: the encoder's ~90 KB of parameters spread over several buckets. */
    static final DistConfig DP_CONFIG = new DistConfig(120, 0.05, 2);

    // model-parallel softmax
    static final int MP_CLASSES = 11;
    static final int MP_DIM = 16;
    static final int MP_LOCAL_BATCH = 5;
    static final long MP_SEED = 7;
    /** Rank 0's samples, then rank 1's: classes on both shards, repeats, shard 0 = 0..5, shard 1 = 6..10. */
    static final long[] MP_LABELS = {0, 3, 6, 10, 6, 2, 7, 7, 1, 9};

    // data + model parallel training
    static final int MIX_STEPS = 3;
    static final double MIX_LR = 0.1;
    /** Steps over which the native object count must stay flat (checked after step 20). */
    static final int FLAT_STEPS = 150;

    // Prototype Memory with gathered embeddings: 2 identities x 2 images per rank and step
    static final long[][] PM_LABELS = {{1, 1, 2, 2, 3, 3, 4, 4}, {3, 3, 5, 5, 6, 6, 1, 1}};
    static final int PM_DIM = 8;

    private TwoRankFixtures() {}

    static Tensor seeded(long seed, long... shape) {
        Torch.init();
        return torch.randn(shape, new GeneratorOptional(torch.createCPUGenerator(seed)), new TensorOptions(torch.ScalarType.Float));
    }

    /** Rows [rank * local, (rank + 1) * local) of a global tensor; the whole tensor for rank -1. */
    static Tensor slice(Tensor global, int rank, long local) {
        return rank < 0 ? global : global.narrow(0, rank * local, local).clone();
    }

    static Encoder dpEncoder(long initSeed) {
        Torch.manualSeed(initSeed);
        Encoder e = Encoders.create(EncoderSpec.iresnet(18, 0.125, 32, 32));
        e.train(false);
        return e;
    }

    static Tensor dpImages(int step, int rank) {
        return slice(seeded(50 + step, WORLD * DP_LOCAL_BATCH, 3, 32, 32), rank, DP_LOCAL_BATCH);
    }

    static Tensor dpTargets(int step, int rank) {
        return slice(seeded(60 + step, WORLD * DP_LOCAL_BATCH, 32), rank, DP_LOCAL_BATCH);
    }

    /** Mean over the samples of 0.5 ||e_i - t_i||^2: a per-sample loss, so the batch split does not change it. */
    static Tensor dpLoss(Tensor embeddings, Tensor targets) {
        return embeddings.sub(targets).pow(Tensors.scalar(2)).sum(1).mean().mul(Tensors.scalar(0.5));
    }

    static SGD sgd(TensorVector params, double lr) {
        SGDOptions o = new SGDOptions(lr);
        o.momentum().put(0.9);
        return new SGD(params, o);
    }

    static Map<String, Margin> margins() {
        Map<String, Margin> m = new LinkedHashMap<>();
        m.put("arcface", new ArcFace(16, 0.5, true));
        m.put("arcface_nograd", new ArcFace(16, 0.5, false));
        m.put("cosface", new CosFace(16, 0.35, true));
        m.put("combined", new CombinedMargin(16, 1.0, 0.3, 0.2, true));
        return m;
    }

    /**
     * Noise, plus for every other sample a large multiple of its own class row, so that some
     * samples are already classified correctly (train accuracy and the margins' large-angle
     * branches both get exercised).
     */
    static Tensor mpEmbeddings(int rank) {
        Tensor noise = seeded(70, WORLD * MP_LOCAL_BATCH, MP_DIM);
        Tensor rows = ShardInit.normalRows(MP_SEED, 0, MP_CLASSES, MP_DIM, 0.01).index_select(0, Tensors.ofLongs(MP_LABELS));
        float[] weight = new float[MP_LABELS.length];
        for (int i = 0; i < weight.length; i += 2) weight[i] = 300f;
        Tensor global = noise.add(rows.mul(Tensors.of(weight, weight.length, 1)));
        return slice(global, rank, MP_LOCAL_BATCH);
    }

    static Tensor mpLabels(int rank) {
        Tensor all = Tensors.ofLongs(MP_LABELS);
        return slice(all, rank, MP_LOCAL_BATCH);
    }

    static Encoder mixEncoder() {
        Torch.manualSeed(77);
        TinyEncoder e = new TinyEncoder(8, MP_DIM);
        e.train(false);
        return e;
    }

    static Tensor mixImages(int step, int rank) {
        return slice(seeded(80 + step, WORLD * MP_LOCAL_BATCH, 3, 8, 8), rank, MP_LOCAL_BATCH);
    }

    static MarginSoftmaxHead pmHead() {
        PrototypeMemoryConfig cfg = PrototypeMemoryConfig.defaults().withMemorySize(5);
        return new MarginSoftmaxHead(new PrototypeMemoryScorer(cfg, PM_DIM), new CosFace(16, 0.35, true), new SoftmaxCrossEntropy());
    }

    static Tensor pmEmbeddings(int step, int rank) {
        return slice(seeded(90 + step, 8, PM_DIM), rank, 4);
    }

    static Tensor pmLabels(int step, int rank) {
        return slice(Tensors.ofLongs(PM_LABELS[step]), rank, 4);
    }

    /** Exchange input: rank 0 holds classes 5, 9, 2; rank 1 holds 7 and 9 (a class both have). */
    static long[] exchangeLabels(int rank) {
        return rank == 0 ? new long[] {5, 9, 2} : new long[] {7, 9};
    }

    static float[] exchangeRows(int rank) {
        int n = exchangeLabels(rank).length;
        return Tensors.floats(Tensors.l2normalize(seeded(100 + rank, n, PM_DIM)));
    }

    /** Concatenation of a module's parameter values (or gradients) in registration order. */
    static float[] flat(TensorVector params, boolean gradients) {
        int total = 0;
        for (long i = 0; i < params.size(); i++) total += (int) params.get(i).numel();
        float[] out = new float[total];
        int k = 0;
        for (long i = 0; i < params.size(); i++) {
            Tensor t = gradients ? params.get(i).grad() : params.get(i);
            float[] v = Tensors.floats(t);
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }
}
