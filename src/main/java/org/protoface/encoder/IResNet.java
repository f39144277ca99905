package org.protoface.encoder;

import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.DropoutImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Layers;
import org.protoface.torch.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IResNet, the ArcFace backbone (arcface_torch "iresnet"): a 3x3 stride-1 stem, four stages of
 * {@link IResNetUnit}s whose first unit halves the resolution, and the "E" output head
 * BN2d -> Dropout -> flatten -> FC -> BN1d. At 112x112 the last map is 7x7, and the FC over the
 * whole map (not a pooled vector) keeps the spatial layout of the aligned face.
 *
 * <p>The embedding BN ("features") has its scale fixed at 1 and a trainable shift, as in
 * arcface_torch (which freezes the affine weight at 1.0). Here that is a BN without affine
 * parameters plus a registered {@code features_bias}, so {@link #parameters()} holds only tensors
 * that actually train and optimizers or weight decay never see a frozen one.
 */
public final class IResNet extends Encoder {
    public static final String TYPE = "iresnet";
    static final int STEM_CHANNELS = 64;
    static final int[] STAGE_CHANNELS = {64, 128, 256, 512};
    private static final Map<Integer, int[]> UNITS_PER_STAGE = new TreeMap<>(Map.of(
            18, new int[] {2, 2, 2, 2},
            34, new int[] {3, 4, 6, 3},
            50, new int[] {3, 4, 14, 3},
            100, new int[] {3, 13, 30, 3},
            200, new int[] {6, 26, 60, 6}));

    private final EncoderSpec spec;
    private final ConvBn stem;
    private final List<IResNetUnit> units = new ArrayList<>();
    private final BatchNorm2dImpl headBn;
    private final DropoutImpl dropout;
    private final LinearImpl fc;
    private final BatchNorm1dImpl features;
    private final Tensor featuresBias;

    /** Builds the network; seed libtorch first ({@code Torch.manualSeed}) for reproducible weights. */
    public IResNet(EncoderSpec spec) {
        requireIResNet(spec);
        this.spec = spec;
        int stemChannels = Channels.scaled(STEM_CHANNELS, spec.width());
        stem = register_module("stem", new ConvBn(3, stemChannels, 3, 1, 1, 1, true));
        List<IResNetUnit.Plan> plans = plan(spec);
        for (int i = 0; i < plans.size(); i++) units.add(register_module("unit" + i, new IResNetUnit(plans.get(i))));
        int lastChannels = lastChannels(spec);
        int side = finalSide(spec);
        headBn = register_module("head_bn", Layers.batchNorm2d(lastChannels, ConvBn.BN_EPS, ConvBn.BN_MOMENTUM));
        dropout = register_module("dropout", new DropoutImpl(spec.dropout()));
        // libtorch's default Linear init (Kaiming-uniform, a = sqrt(5)), as arcface_torch leaves it.
        fc = register_module("fc", Layers.linear((long) lastChannels * side * side, spec.embeddingSize(), true));
        features = register_module("features", Layers.batchNorm1d(spec.embeddingSize(), ConvBn.BN_EPS, ConvBn.BN_MOMENTUM, false));
        featuresBias = parameter("features_bias", Tensors.zeros(spec.embeddingSize()));
    }

    /** Depths with a published unit layout: 18, 34, 50, 100, 200. */
    public static List<Integer> supportedDepths() {
        return List.copyOf(UNITS_PER_STAGE.keySet());
    }

    /** Parameters and MACs of the network {@code spec} describes, without building it. */
    public static EncoderCost cost(EncoderSpec spec) {
        requireIResNet(spec);
        EncoderCost cost = new EncoderCost();
        ConvBn.addCost(cost, 3, Channels.scaled(STEM_CHANNELS, spec.width()), 3, 1, spec.inputSize(), true);
        for (IResNetUnit.Plan p : plan(spec)) IResNetUnit.addCost(cost, p);
        int lastChannels = lastChannels(spec);
        int side = finalSide(spec);
        cost.batchNorm(lastChannels, true);
        cost.linear((long) lastChannels * side * side, spec.embeddingSize(), true);
        cost.batchNorm(spec.embeddingSize(), false).extraParameters(spec.embeddingSize());
        return cost;
    }

    /** Every residual unit in order: the single description both the constructor and {@link #cost} walk. */
    static List<IResNetUnit.Plan> plan(EncoderSpec spec) {
        int[] unitCounts = UNITS_PER_STAGE.get(spec.depth());
        List<IResNetUnit.Plan> plans = new ArrayList<>();
        int in = Channels.scaled(STEM_CHANNELS, spec.width());
        int side = spec.inputSize();
        for (int stage = 0; stage < STAGE_CHANNELS.length; stage++) {
            int out = Channels.scaled(STAGE_CHANNELS[stage], spec.width());
            for (int u = 0; u < unitCounts[stage]; u++) {
                IResNetUnit.Plan p = new IResNetUnit.Plan(in, out, u == 0 ? 2 : 1, side);
                plans.add(p);
                in = out;
                side = p.outputSide();
            }
        }
        return plans;
    }

    private static int lastChannels(EncoderSpec spec) {
        return Channels.scaled(STAGE_CHANNELS[STAGE_CHANNELS.length - 1], spec.width());
    }

    private static int finalSide(EncoderSpec spec) {
        return spec.inputSize() / SpecChecks.TOTAL_STRIDE;
    }

    private static void requireIResNet(EncoderSpec spec) {
        SpecChecks.requireValid(spec);
        if (!TYPE.equals(spec.type())) {
            throw new IllegalArgumentException("IResNet needs encoder type '" + TYPE + "', got '" + spec.type() + "'");
        }
        if (!UNITS_PER_STAGE.containsKey(spec.depth())) {
            throw new IllegalArgumentException("unknown IResNet depth " + spec.depth() + "; supported: " + supportedDepths());
        }
    }

    @Override
    public Tensor forward(Tensor images) {
        SpecChecks.requireImages(images, spec);
        Tensor x = stem.forward(images);
        for (IResNetUnit unit : units) x = unit.forward(x);
        return output(x);
    }

    private Tensor output(Tensor x) {
        x = dropout.forward(headBn.forward(x)).flatten(1, -1);
        return features.forward(fc.forward(x)).add(featuresBias);
    }

    /** The stem, every residual unit ("stage S.unit U", S from 1), and the output head. */
    @Override
    public List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        EncoderCost stemCost = new EncoderCost();
        ConvBn.addCost(stemCost, 3, Channels.scaled(STEM_CHANNELS, spec.width()), 3, 1, spec.inputSize(), true);
        blocks.add(new Block("stem", stemCost.gflops(), stem::forward));
        List<IResNetUnit.Plan> plans = plan(spec);
        int[] counts = UNITS_PER_STAGE.get(spec.depth());
        int stage = 0, inStage = 0;
        for (int i = 0; i < units.size(); i++) {
            EncoderCost c = new EncoderCost();
            IResNetUnit.addCost(c, plans.get(i));
            blocks.add(new Block("stage" + (stage + 1) + ".unit" + inStage, c.gflops(), units.get(i)::forward));
            if (++inStage == counts[stage]) {
                stage++;
                inStage = 0;
            }
        }
        int side = finalSide(spec);
        double outputGflops = new EncoderCost().linear((long) lastChannels(spec) * side * side, spec.embeddingSize(), true).gflops();
        blocks.add(new Block("output", outputGflops, this::output));
        return blocks;
    }

    @Override
    public GraphSink.Value describe(GraphSink sink, GraphSink.Value images) {
        GraphSink.Value x = stem.describe(sink, images);
        for (IResNetUnit unit : units) x = unit.describe(sink, x);
        x = sink.flatten(ConvBn.describe(sink, x, headBn));
        x = sink.linear(x, Weights.of(fc.weight()), Weights.of(fc.bias()));
        // features BN has no affine weight; its trainable shift is the separate features_bias
        return ConvBn.describe(sink, x, features, featuresBias);
    }

    @Override
    public EncoderSpec spec() {
        return spec;
    }

    @Override
    public double gflopsPerImage() {
        return cost(spec).gflops();
    }
}
