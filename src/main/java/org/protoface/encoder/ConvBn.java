package org.protoface.encoder;

import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.FanModeType;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Nonlinearity;
import org.bytedeco.pytorch.PReLUImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.kFanOut;
import org.bytedeco.pytorch.kReLU;
import org.protoface.torch.Layers;

/**
 * Bias-free convolution, BatchNorm, and optionally PReLU: the building brick of both encoders.
 * Without the PReLU it is a "linear" conv (MobileNetV2 projections, shortcuts, MobileFaceNet's
 * GDConv).
 *
 * <p>Initialisation: conv weights are Kaiming-normal with fan_out and the ReLU gain (torchvision's
 * ResNet choice, std = sqrt(2 / (out_channels x k x k))). arcface_torch draws N(0, 0.1) instead,
 * which is too large for narrow or deep variants; with BN after every conv either trains. BN
 * starts at weight 1, bias 0 (libtorch's default, the reference's explicit choice); PReLU slopes
 * start at 0.25.
 */
final class ConvBn extends Module {
    static final double BN_EPS = 1e-5;
    static final double BN_MOMENTUM = 0.1;

    private final Conv2dImpl conv;
    private final BatchNorm2dImpl bn;
    private final PReLUImpl prelu;
    private final int stride;
    private final int padding;
    private final int groups;

    ConvBn(int in, int out, int kernel, int stride, int padding, int groups, boolean withPrelu) {
        conv = register_module("conv", Layers.conv2d(in, out, kernel, stride, padding, groups, false));
        torch.kaiming_normal_(conv.weight(), 0.0, new FanModeType(new kFanOut()), new Nonlinearity(new kReLU()));
        bn = register_module("bn", Layers.batchNorm2d(out, BN_EPS, BN_MOMENTUM));
        prelu = withPrelu ? register_module("prelu", Layers.prelu(out)) : null;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
    }

    /** Tallies this block's cost for an {@code outSide x outSide} output map, mirroring the constructor. */
    static void addCost(EncoderCost cost, int in, int out, int kernel, int groups, int outSide, boolean withPrelu) {
        cost.conv(in, out, kernel, groups, outSide, false).batchNorm(out, true);
        if (withPrelu) cost.prelu(out);
    }

    GraphSink.Value describe(GraphSink sink, GraphSink.Value x) {
        GraphSink.Value y = sink.conv2d(x, Weights.of(conv.weight()), null, stride, padding, groups);
        y = describe(sink, y, bn);
        return prelu == null ? y : sink.prelu(y, Weights.of(prelu.weight()));
    }

    /** A BatchNorm2d layer as {@link GraphSink#batchNorm}, with its own eps and running statistics. */
    static GraphSink.Value describe(GraphSink sink, GraphSink.Value x, BatchNorm2dImpl bn) {
        return sink.batchNorm(x, affine(bn.weight()), affine(bn.bias()), Weights.of(bn.running_mean()),
                Weights.of(bn.running_var()), bn.options().eps().get());
    }

    /** A BatchNorm1d layer; {@code shift} stands in for its bias when it has none of its own (IResNet's features BN). */
    static GraphSink.Value describe(GraphSink sink, GraphSink.Value x, BatchNorm1dImpl bn, Tensor shift) {
        Weights own = affine(bn.bias());
        return sink.batchNorm(x, affine(bn.weight()), own != null ? own : Weights.of(shift), Weights.of(bn.running_mean()),
                Weights.of(bn.running_var()), bn.options().eps().get());
    }

    /** An affine parameter, or null when the layer was built without one (libtorch leaves it undefined). */
    private static Weights affine(Tensor t) {
        return t == null || !t.defined() ? null : Weights.of(t);
    }

    Tensor forward(Tensor x) {
        Tensor y = bn.forward(conv.forward(x));
        if (prelu == null) return y;
        if (y.scalar_type().value == torch.ScalarType.Float.value) return prelu.forward(y);
        return lowPrecisionPrelu(y);
    }

    /**
     * PReLU on bfloat16/float16 activations (under autocast) as relu(y) - w relu(-y), with w cast
     * to y's type: the same values as libtorch's prelu, and 10-15% faster training steps in bf16
     * (IResNet-18, 112 px, one thread, measured here), because libtorch's prelu backward reduces
     * the slope gradient over a full-size temporary slowly, while this form's backward is three
     * elementwise passes and one reduction. float32 keeps libtorch's prelu, so fp32 training runs
     * exactly the operations it always ran.
     */
    private Tensor lowPrecisionPrelu(Tensor y) {
        Tensor w = prelu.weight().view(1, -1, 1, 1).to(y.scalar_type());
        return torch.relu(y).sub(torch.relu(y.neg()).mul(w));
    }
}
