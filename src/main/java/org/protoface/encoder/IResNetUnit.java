package org.protoface.encoder;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Layers;

/**
 * The "improved" residual unit of IResNet: BN -> conv3x3 -> BN -> PReLU -> conv3x3(stride) -> BN,
 * added to the shortcut. The shortcut is the identity, or a strided 1x1 conv + BN when the unit
 * changes resolution or width. Pre-normalising the input and ending on BN (no activation after
 * the addition) is what distinguishes it from the torchvision basic block.
 */
final class IResNetUnit extends Module {
    /** Shape of one unit: channels in/out, stride of the second conv, and the side of its input map. */
    record Plan(int in, int out, int stride, int inputSide) {
        int outputSide() {
            return inputSide / stride;
        }

        boolean needsProjection() {
            return stride != 1 || in != out;
        }
    }

    private final BatchNorm2dImpl inputBn;
    private final ConvBn first;
    private final ConvBn second;
    private final ConvBn shortcut;

    IResNetUnit(Plan plan) {
        inputBn = register_module("bn_in", Layers.batchNorm2d(plan.in(), ConvBn.BN_EPS, ConvBn.BN_MOMENTUM));
        first = register_module("conv1", new ConvBn(plan.in(), plan.out(), 3, 1, 1, 1, true));
        second = register_module("conv2", new ConvBn(plan.out(), plan.out(), 3, plan.stride(), 1, 1, false));
        shortcut = plan.needsProjection()
                ? register_module("downsample", new ConvBn(plan.in(), plan.out(), 1, plan.stride(), 0, 1, false))
                : null;
    }

    static void addCost(EncoderCost cost, Plan plan) {
        cost.batchNorm(plan.in(), true);
        ConvBn.addCost(cost, plan.in(), plan.out(), 3, 1, plan.inputSide(), true);
        ConvBn.addCost(cost, plan.out(), plan.out(), 3, 1, plan.outputSide(), false);
        if (plan.needsProjection()) ConvBn.addCost(cost, plan.in(), plan.out(), 1, 1, plan.outputSide(), false);
    }

    GraphSink.Value describe(GraphSink sink, GraphSink.Value x) {
        GraphSink.Value residual = second.describe(sink, first.describe(sink, ConvBn.describe(sink, x, inputBn)));
        return sink.add(residual, shortcut == null ? x : shortcut.describe(sink, x));
    }

    Tensor forward(Tensor x) {
        Tensor residual = second.forward(first.forward(inputBn.forward(x)));
        return residual.add(shortcut == null ? x : shortcut.forward(x));
    }
}
