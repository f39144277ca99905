package org.protoface.encoder;

/**
 * One encoder architecture, as {@code encoder.type} names it. The registry ({@link Encoders})
 * holds one entry per architecture; adding one means writing its module and adding one line there.
 */
public interface EncoderKind {
    /** The {@code encoder.type} value, e.g. "iresnet". */
    String type();

    /**
     * Builds the network in training mode with freshly initialised weights (seed libtorch first for
     * repeatable weights).
     *
     * @throws IllegalArgumentException naming the spec field this architecture cannot build
     */
    Encoder create(EncoderSpec spec);

    /** Parameters and multiply-accumulates of the network, without allocating it. */
    EncoderCost cost(EncoderSpec spec);

    /** Short name of the configured network for logs, e.g. "iresnet50". */
    String name(EncoderSpec spec);
}
