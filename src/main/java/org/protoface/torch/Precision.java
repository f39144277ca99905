package org.protoface.torch;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Locale;

/**
 * The arithmetic of an encoder's forward (and so of its backward): {@code train.precision}.
 * <ul>
 *   <li>{@link #FP32}: everything in float32.</li>
 *   <li>{@link #BF16}: autocast with bfloat16 on the encoder's forward (convolutions and linear
 *       layers in bfloat16, BatchNorm statistics and reductions in float32), images in
 *       channels-last layout; weights and optimizer state stay float32.</li>
 *   <li>{@link #FP16}: the same with float16, CUDA only, and with dynamic loss scaling in the
 *       trainer because float16's range cannot hold small gradients.</li>
 * </ul>
 * Whatever the precision, the embeddings leave the encoder as float32, so a head's cosines,
 * margins and softmax are float32, as in the reference trainers (arcface_torch keeps its margin
 * logits in float32 under {@code fp16=True}).
 */
public enum Precision {
    FP32("fp32", null),
    BF16("bf16", torch.ScalarType.BFloat16),
    FP16("fp16", torch.ScalarType.Half);

    private final String key;
    private final torch.ScalarType dtype;

    Precision(String key, torch.ScalarType dtype) {
        this.key = key;
        this.dtype = dtype;
    }

    /**
     * @param key fp32, bf16 or fp16 (not "auto": resolve that with {@link PrecisionChoice})
     * @throws IllegalArgumentException naming {@code train.precision} and the accepted values
     */
    public static Precision parse(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) if (p.key.equals(k)) return p;
        throw new IllegalArgumentException("train.precision must be fp32, bf16, fp16 or auto, got '" + key + "'");
    }

    /** The config spelling: fp32, bf16, fp16. */
    public String key() {
        return key;
    }

    /** Whether the encoder's forward runs in a 16-bit type. */
    public boolean mixed() {
        return dtype != null;
    }

    /** Whether gradients need dynamic loss scaling (float16's smallest normal is 6e-5). */
    public boolean needsLossScaling() {
        return this == FP16;
    }

    /** The autocast scope for an encoder forward on {@code device}: none for fp32. */
    public Autocast autocast(Device device) {
        return dtype == null ? Autocast.none() : Autocast.enable(device, dtype);
    }

    /**
     * B x 3 x S x S images in the layout this precision's convolutions run fastest in: unchanged for
     * fp32 (float32 results stay bit for bit what they were; channels-last changes oneDNN's
     * kernels and so the rounding), channels-last for the 16-bit types (oneDNN's bfloat16 kernels
     * read NHWC directly; measured here 1.3x faster than NCHW for IResNet-18 at 112 px). The
     * convolutions' outputs follow their input's layout, so the whole network then runs
     * channels-last.
     */
    public Tensor prepareImages(Tensor images) {
        return dtype == null ? images : images.contiguous(torch.MemoryFormat.ChannelsLast);
    }

    /**
     * Puts {@code module}'s convolution weights in the layout that matches {@link #prepareImages}:
     * unchanged for fp32, channels-last for the 16-bit types. With channels-last images but
     * plain-layout weights, the weights' gradients come back channels-last, against the plain
     * layout the data-parallel reducer's buckets were built from (it warned "grad strides do not
     * match bucket view strides" and copied with strides); with channels-last weights they agree.
     * oneDNN picks the same kernels either way here (measured: training speed within the
     * run-to-run spread). Call before the optimizer or the reducer sees the parameters. Returns
     * how many weights changed layout.
     */
    public int prepareModule(org.bytedeco.pytorch.Module module) {
        return dtype == null ? 0 : Layers.channelsLastWeights(module);
    }

    @Override
    public String toString() {
        return key;
    }
}
