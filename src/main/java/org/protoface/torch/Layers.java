package org.protoface.torch;

import org.bytedeco.pytorch.SharedModuleVector;
import org.bytedeco.pytorch.Module;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LinearOptions;
import org.bytedeco.pytorch.PReLUImpl;
import org.bytedeco.pytorch.PReLUOptions;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Constructors for the built-in layers with the option-object quirks of the bindings hidden
 * (options are set through pointer getters; some constructors are array allocators).
 */
public final class Layers {
    private Layers() {}

    /**
     * A dense 2-D convolution from {@code in} to {@code out} channels: square {@code kernel}, the
     * same {@code stride} and zero {@code padding} on both axes, no dilation, libtorch's default
     * initialisation.
     */
    public static Conv2dImpl conv2d(long in, long out, long kernel, long stride, long padding, boolean bias) {
        return conv2d(in, out, kernel, stride, padding, 1, bias);
    }

    /** A 2-D convolution; {@code groups == in == out} gives a depthwise convolution. */
    public static Conv2dImpl conv2d(long in, long out, long kernel, long stride, long padding, long groups, boolean bias) {
        Conv2dOptions o = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
        o.stride().put(new long[] {stride, stride});
        o.padding().put(new LongPointer(padding, padding));
        o.groups().put(groups);
        o.bias().put(bias);
        return new Conv2dImpl(o);
    }

    /**
     * BatchNorm over the {@code features} channels of a B x C x H x W tensor, with learned scale and
     * shift and running statistics.
     *
     * @param momentum PyTorch's convention: the weight of the batch statistics in the running
     *                 average (0.1 in the encoders), not the 0.9 of MXNet's
     */
    public static BatchNorm2dImpl batchNorm2d(long features, double eps, double momentum) {
        BatchNormOptions o = new BatchNormOptions(features);
        o.eps().put(eps);
        o.momentum().put(momentum);
        return new BatchNorm2dImpl(o);
    }

    /** BatchNorm over a (B, C) matrix; {@code affine=false} freezes the scale at 1 (ArcFace's "features" BN keeps it). */
    public static BatchNorm1dImpl batchNorm1d(long features, double eps, double momentum, boolean affine) {
        BatchNormOptions o = new BatchNormOptions(features);
        o.eps().put(eps);
        o.momentum().put(momentum);
        o.affine().put(affine);
        return new BatchNorm1dImpl(o);
    }

    /** PReLU with one learned negative slope per channel, each starting at 0.25. */
    public static PReLUImpl prelu(long channels) {
        PReLUOptions o = new PReLUOptions();
        o.num_parameters().put(channels);
        o.init().put(0.25);
        return new PReLUImpl(o);
    }

    /** A fully connected layer, B x {@code in} to B x {@code out}, with libtorch's default initialisation. */
    public static LinearImpl linear(long in, long out, boolean bias) {
        LinearOptions o = new LinearOptions(in, out);
        o.bias().put(bias);
        return new LinearImpl(o);
    }

    /**
     * Puts every BatchNorm layer inside {@code root} into evaluation mode (normalise with the
     * running statistics, never update them), leaving the other layers as they are. Returns how
     * many layers it changed. The layers are found by their libtorch class name, the only type
     * information a module reached through its parent carries in these bindings.
     */
    public static int freezeBatchNorm(Module root) {
        int n = 0;
        SharedModuleVector all = root.modules(false);
        for (long i = 0; i < all.size(); i++) {
            Module m = all.get(i);
            if (m.name().getString().contains("BatchNorm")) {
                m.train(false);
                n++;
            }
        }
        return n;
    }

    /**
     * Stores every 4-D parameter inside {@code root} (convolution weights, O x I x kH x kW) in
     * channels-last layout, in place: the same tensors (handles held elsewhere see the change),
     * the same values, other strides. Gradients and optimizer state created afterwards follow
     * the parameter's layout. Returns how many parameters it changed.
     */
    public static int channelsLastWeights(Module root) {
        int n = 0;
        try (TensorScope ignored = TensorScope.open()) {
            TensorVector params = root.parameters(true);
            for (long i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.dim() != 4) continue;
                // clone, not contiguous(): a 1 x 1 kernel's plain strides already count as
                // channels-last, and contiguous() would keep them, while gradients come back with
                // the canonical channels-last strides; set_data swaps the storage under the
                // parameter (what PyTorch's Module.to(memory_format=...) does)
                p.__dispatch_set_data(p.detach().clone(new MemoryFormatOptional(torch.MemoryFormat.ChannelsLast)));
                n++;
            }
        }
        return n;
    }
}
