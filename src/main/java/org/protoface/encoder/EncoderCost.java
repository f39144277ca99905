package org.protoface.encoder;

/**
 * Analytic cost of one encoder at one input size: trainable parameters and multiply-accumulates
 * (MACs) for a single image, tallied layer by layer from the architecture description so that
 * nothing has to be allocated to know the cost.
 *
 * <p>What is counted: the MACs of convolutions and fully connected layers only. BatchNorm,
 * PReLU, residual additions and dropout are ignored (they are a fraction of a percent of the
 * total and the published tables ignore them too). Parameters count every trainable tensor.
 *
 * <p>Units: the insightface/arcface_torch tables quote IResNet "GFLOPs" that are really GMACs
 * (r50 at 112x112: 6.3), while the MobileFaceNet paper's 221M MAdds is quoted as 0.45 "GFLOPs",
 * i.e. 2 x MACs. {@link #gmacs()} and {@link #gflops()} name both conventions explicitly.
 */
public final class EncoderCost {
    private long macs;
    private long parameters;

    /** A convolution with square kernel producing an {@code outSide x outSide} map. */
    public EncoderCost conv(long in, long out, long kernel, long groups, long outSide, boolean bias) {
        long weights = out * (in / groups) * kernel * kernel;
        parameters += weights + (bias ? out : 0);
        macs += weights * outSide * outSide;
        return this;
    }

    /**
     * A fully connected layer of {@code in} x {@code out} weights (plus {@code out} biases when {@code bias}):
     * adds its parameters and {@code in * out} multiply-accumulates per image.
     *
     * @return this, for chaining
     */
    public EncoderCost linear(long in, long out, boolean bias) {
        parameters += in * out + (bias ? out : 0);
        macs += in * out;
        return this;
    }

    /** BatchNorm: a scale and a shift per channel when affine, nothing trainable otherwise. */
    public EncoderCost batchNorm(long channels, boolean affine) {
        if (affine) parameters += 2 * channels;
        return this;
    }

    /** PReLU with one slope per channel. */
    public EncoderCost prelu(long channels) {
        parameters += channels;
        return this;
    }

    /** A free-standing trainable tensor (e.g. a bias added outside any layer). */
    public EncoderCost extraParameters(long count) {
        parameters += count;
        return this;
    }

    /** Multiply-accumulates per image counted so far. */
    public long macs() {
        return macs;
    }

    /** Trainable parameters counted so far. */
    public long parameters() {
        return parameters;
    }

    /** Billions of multiply-accumulates per image (what arcface_torch's tables call "GFLOPs"). */
    public double gmacs() {
        return macs / 1e9;
    }

    /** Billions of floating-point operations per image, counting a MAC as two FLOPs. */
    public double gflops() {
        return 2.0 * macs / 1e9;
    }
}
