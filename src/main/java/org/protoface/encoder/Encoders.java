package org.protoface.encoder;

import java.util.List;

/** The registry of encoder architectures: one line per {@link EncoderKind}, and the lookups by spec. */
public final class Encoders {
    private static final List<EncoderKind> KINDS = List.of(
            kind(IResNet.TYPE, IResNet::new, IResNet::cost, spec -> IResNet.TYPE + spec.depth()),
            kind(MobileFaceNet.TYPE, MobileFaceNet::new, MobileFaceNet::cost, EncoderSpec::type));

    /** Encoder types a spec may name. */
    public static final List<String> TYPES = KINDS.stream().map(EncoderKind::type).toList();

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
        return kindOf(spec).create(spec);
    }

    /** Parameters and MACs of the encoder {@code spec} describes, without allocating it. */
    public static EncoderCost cost(EncoderSpec spec) {
        return kindOf(spec).cost(spec);
    }

    /** Short name of the architecture, e.g. "iresnet50" or "mobilefacenet". */
    public static String name(EncoderSpec spec) {
        return kindOf(spec).name(spec);
    }

    /** @throws IllegalArgumentException naming the unknown type and the known ones */
    public static EncoderKind kindOf(EncoderSpec spec) {
        if (spec == null) throw new IllegalArgumentException("encoder spec is missing");
        for (EncoderKind k : KINDS) if (k.type().equals(spec.type())) return k;
        throw new IllegalArgumentException("unknown encoder type '" + spec.type() + "'; known types: " + TYPES);
    }

    private static EncoderKind kind(String type, java.util.function.Function<EncoderSpec, Encoder> create,
                                    java.util.function.Function<EncoderSpec, EncoderCost> cost,
                                    java.util.function.Function<EncoderSpec, String> name) {
        return new EncoderKind() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Encoder create(EncoderSpec spec) {
                return create.apply(spec);
            }

            @Override
            public EncoderCost cost(EncoderSpec spec) {
                return cost.apply(spec);
            }

            @Override
            public String name(EncoderSpec spec) {
                return name.apply(spec);
            }
        };
    }
}
