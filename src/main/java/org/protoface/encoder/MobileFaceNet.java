package org.protoface.encoder;

import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * MobileFaceNet (Chen et al. 2018): a MobileNetV2-style network sized for faces, with PReLU and a
 * global depthwise convolution (GDConv) instead of average pooling, so that each position of the
 * final map gets its own learned weight (the centre of an aligned face matters more than its
 * corners). At 112x112 and width 1 it costs about 0.22 GMACs (the paper's 221M MAdds).
 *
 * <p>Layout: conv3x3 s2 (64) -> depthwise 3x3 (64) -> bottlenecks (expansion, channels, repeats,
 * stride): (2, 64, 5, 2), (4, 128, 1, 2), (2, 128, 6, 1), (4, 128, 1, 2), (2, 128, 2, 1) ->
 * conv1x1 (512) -> linear GDConv (kernel = final map side) -> linear conv1x1 to d -> BN.
 * The width multiplier scales every channel count except the embedding size d. The
 * {@code depth} and {@code dropout} fields of the spec are not used.
 */
public final class MobileFaceNet extends Encoder {
    public static final String TYPE = "mobilefacenet";
    static final int STEM_CHANNELS = 64;
    static final int CONV_CHANNELS = 512;
    /** Bottleneck stages as {expansion, channels, repeats, stride of the first repeat}. */
    private static final int[][] STAGES = {{2, 64, 5, 2}, {4, 128, 1, 2}, {2, 128, 6, 1}, {4, 128, 1, 2}, {2, 128, 2, 1}};

    private final EncoderSpec spec;
    private final ConvBn stem;
    private final ConvBn stemDepthwise;
    private final List<Bottleneck> bottlenecks = new ArrayList<>();
    private final ConvBn widen;
    private final ConvBn globalDepthwise;
    private final ConvBn embedding;

    /** Builds the network; seed libtorch first ({@code Torch.manualSeed}) for reproducible weights. */
    public MobileFaceNet(EncoderSpec spec) {
        requireMobileFaceNet(spec);
        this.spec = spec;
        int c0 = Channels.scaled(STEM_CHANNELS, spec.width());
        stem = register_module("stem", new ConvBn(3, c0, 3, 2, 1, 1, true));
        stemDepthwise = register_module("stem_dw", new ConvBn(c0, c0, 3, 1, 1, c0, true));
        List<Bottleneck.Plan> plans = plan(spec);
        for (int i = 0; i < plans.size(); i++) bottlenecks.add(register_module("block" + i, new Bottleneck(plans.get(i))));
        int last = plans.get(plans.size() - 1).out();
        int wide = Channels.scaled(CONV_CHANNELS, spec.width());
        int side = finalSide(spec);
        widen = register_module("conv_1x1", new ConvBn(last, wide, 1, 1, 0, 1, true));
        globalDepthwise = register_module("gdconv", new ConvBn(wide, wide, side, 1, 0, wide, false));
        embedding = register_module("embedding", new ConvBn(wide, spec.embeddingSize(), 1, 1, 0, 1, false));
    }

    /** Parameters and MACs of the network {@code spec} describes, without building it. */
    public static EncoderCost cost(EncoderSpec spec) {
        requireMobileFaceNet(spec);
        EncoderCost cost = new EncoderCost();
        int c0 = Channels.scaled(STEM_CHANNELS, spec.width());
        int afterStem = spec.inputSize() / 2;
        ConvBn.addCost(cost, 3, c0, 3, 1, afterStem, true);
        ConvBn.addCost(cost, c0, c0, 3, c0, afterStem, true);
        List<Bottleneck.Plan> plans = plan(spec);
        for (Bottleneck.Plan p : plans) Bottleneck.addCost(cost, p);
        int last = plans.get(plans.size() - 1).out();
        int wide = Channels.scaled(CONV_CHANNELS, spec.width());
        int side = finalSide(spec);
        ConvBn.addCost(cost, last, wide, 1, 1, side, true);
        ConvBn.addCost(cost, wide, wide, side, wide, 1, false);
        ConvBn.addCost(cost, wide, spec.embeddingSize(), 1, 1, 1, false);
        return cost;
    }

    /** Every bottleneck in order: the single description both the constructor and {@link #cost} walk. */
    static List<Bottleneck.Plan> plan(EncoderSpec spec) {
        List<Bottleneck.Plan> plans = new ArrayList<>();
        int in = Channels.scaled(STEM_CHANNELS, spec.width());
        int side = spec.inputSize() / 2;
        for (int[] stage : STAGES) {
            int out = Channels.scaled(stage[1], spec.width());
            for (int r = 0; r < stage[2]; r++) {
                Bottleneck.Plan p = new Bottleneck.Plan(in, out, stage[0], r == 0 ? stage[3] : 1, side);
                plans.add(p);
                in = out;
                side = p.outputSide();
            }
        }
        return plans;
    }

    private static int finalSide(EncoderSpec spec) {
        return spec.inputSize() / SpecChecks.TOTAL_STRIDE;
    }

    private static void requireMobileFaceNet(EncoderSpec spec) {
        SpecChecks.requireValid(spec);
        if (!TYPE.equals(spec.type())) {
            throw new IllegalArgumentException("MobileFaceNet needs encoder type '" + TYPE + "', got '" + spec.type() + "'");
        }
    }

    @Override
    public Tensor forward(Tensor images) {
        SpecChecks.requireImages(images, spec);
        Tensor x = stemDepthwise.forward(stem.forward(images));
        for (Bottleneck b : bottlenecks) x = b.forward(x);
        x = globalDepthwise.forward(widen.forward(x));
        return embedding.forward(x).flatten(1, -1);
    }

    @Override
    public GraphSink.Value describe(GraphSink sink, GraphSink.Value images) {
        GraphSink.Value x = stemDepthwise.describe(sink, stem.describe(sink, images));
        for (Bottleneck b : bottlenecks) x = b.describe(sink, x);
        x = globalDepthwise.describe(sink, widen.describe(sink, x));
        return sink.flatten(embedding.describe(sink, x));
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
