package org.protoface.encoder;

import java.util.List;

/** Maps an {@link EncoderSpec} to its network; the one place that knows every encoder type. */
public final class Encoders {
    /** Encoder types a spec may name. */
    public static final List<String> TYPES = List.of(IResNet.TYPE, MobileFaceNet.TYPE);

    private Encoders() {}

    /**
     * Builds the encoder {@code spec} describes, in training mode with freshly initialised weights.
     * Seed libtorch first ({@code Torch.manualSeed}) for reproducible weights.
     *
     * @throws IllegalArgumentException naming the offending field for an unknown type or depth,
     *                                  a non-positive width or embedding size, dropout outside
     *                                  [0, 1), or an input size that is not a multiple of 16
     */
    public static Encoder create(EncoderSpec spec) {
        return switch (requireKnownType(spec)) {
            case IResNet.TYPE -> new IResNet(spec);
            case MobileFaceNet.TYPE -> new MobileFaceNet(spec);
            default -> throw new AssertionError("type list and switch disagree");
        };
    }

    /** Parameters and MACs of the encoder {@code spec} describes, without allocating it. */
    public static EncoderCost cost(EncoderSpec spec) {
        return switch (requireKnownType(spec)) {
            case IResNet.TYPE -> IResNet.cost(spec);
            case MobileFaceNet.TYPE -> MobileFaceNet.cost(spec);
            default -> throw new AssertionError("type list and switch disagree");
        };
    }

    /** Short name of the architecture, e.g. "iresnet50" or "mobilefacenet". */
    public static String name(EncoderSpec spec) {
        return IResNet.TYPE.equals(spec.type()) ? IResNet.TYPE + spec.depth() : spec.type();
    }

    private static String requireKnownType(EncoderSpec spec) {
        if (spec == null) throw new IllegalArgumentException("encoder spec is missing");
        if (!TYPES.contains(spec.type())) {
            throw new IllegalArgumentException("unknown encoder type '" + spec.type() + "'; known types: " + TYPES);
        }
        return spec.type();
    }
}
