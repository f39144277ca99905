package org.protoface.encoder;

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

    ConvBn(int in, int out, int kernel, int stride, int padding, int groups, boolean withPrelu) {
        conv = register_module("conv", Layers.conv2d(in, out, kernel, stride, padding, groups, false));
        torch.kaiming_normal_(conv.weight(), 0.0, new FanModeType(new kFanOut()), new Nonlinearity(new kReLU()));
        bn = register_module("bn", Layers.batchNorm2d(out, BN_EPS, BN_MOMENTUM));
        prelu = withPrelu ? register_module("prelu", Layers.prelu(out)) : null;
    }

    /** Tallies this block's cost for an {@code outSide x outSide} output map, mirroring the constructor. */
    static void addCost(EncoderCost cost, int in, int out, int kernel, int groups, int outSide, boolean withPrelu) {
        cost.conv(in, out, kernel, groups, outSide, false).batchNorm(out, true);
        if (withPrelu) cost.prelu(out);
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
