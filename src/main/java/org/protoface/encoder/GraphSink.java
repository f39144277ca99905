package org.protoface.encoder;

/**
 * Receives an encoder's inference-time computation, layer by layer, in a form that no particular
 * file format or runtime owns. Each encoder (and each of its blocks) walks its own modules and
 * calls the sink with their weights ({@link Encoder#describe}); an exporter (ONNX, for one)
 * implements the sink and translates. A new encoder type therefore describes itself once and no
 * exporter needs to know its class.
 *
 * <p>Semantics are those of the module in evaluation mode: BatchNorm uses its running statistics,
 * dropout is the identity. Values are NCHW float32 feature maps, or B x F matrices after
 * {@link #flatten}; the batch dimension B is never fixed by the description.
 */
public interface GraphSink {
    /** An opaque handle to an intermediate value; only the sink that issued it can read it. */
    interface Value {}

    /**
     * 2-D convolution with square kernel, equal stride and zero padding on all sides.
     *
     * @param weight out x in/groups x k x k
     * @param bias   out values, or null for none
     */
    Value conv2d(Value x, Weights weight, Weights bias, int stride, int padding, int groups);

    /**
     * Per-channel batch normalisation with running statistics:
     * y = (x - mean) / sqrt(var + eps) * scale + shift, channel = dimension 1.
     *
     * @param scale C values, or null for a fixed scale of 1 (a BN without affine weight)
     * @param shift C values, or null for a fixed shift of 0
     * @param mean  C running means
     * @param var   C running variances
     */
    Value batchNorm(Value x, Weights scale, Weights shift, Weights mean, Weights var, double eps);

    /** PReLU with one slope per channel (dimension 1): y = x for x >= 0, slope x otherwise. */
    Value prelu(Value x, Weights slope);

    /** Elementwise sum of two values of the same shape (a residual connection). */
    Value add(Value a, Value b);

    /** B x C x H x W to B x (C H W), row-major as libtorch's {@code flatten(1, -1)}. */
    Value flatten(Value x);

    /**
     * Fully connected layer y = x W^T + b on a B x F matrix.
     *
     * @param weight out x F
     * @param bias   out values, or null for none
     */
    Value linear(Value x, Weights weight, Weights bias);
}
