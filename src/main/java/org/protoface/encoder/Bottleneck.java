package org.protoface.encoder;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * MobileNetV2's inverted residual as MobileFaceNet uses it (with PReLU instead of ReLU6):
 * 1x1 expansion -> PReLU, 3x3 depthwise (stride) -> PReLU, linear 1x1 projection, plus the input
 * when the unit keeps resolution and width.
 */
final class Bottleneck extends Module {
    /** Shape of one unit: channels in/out, expansion factor, depthwise stride, and the side of its input map. */
    record Plan(int in, int out, int expansion, int stride, int inputSide) {
        int expanded() {
            return in * expansion;
        }

        int outputSide() {
            return inputSide / stride;
        }

        boolean residual() {
            return stride == 1 && in == out;
        }
    }

    private final ConvBn expand;
    private final ConvBn depthwise;
    private final ConvBn project;
    private final boolean residual;

    Bottleneck(Plan plan) {
        int e = plan.expanded();
        expand = register_module("expand", new ConvBn(plan.in(), e, 1, 1, 0, 1, true));
        depthwise = register_module("depthwise", new ConvBn(e, e, 3, plan.stride(), 1, e, true));
        project = register_module("project", new ConvBn(e, plan.out(), 1, 1, 0, 1, false));
        residual = plan.residual();
    }

    static void addCost(EncoderCost cost, Plan plan) {
        int e = plan.expanded();
        ConvBn.addCost(cost, plan.in(), e, 1, 1, plan.inputSide(), true);
        ConvBn.addCost(cost, e, e, 3, e, plan.outputSide(), true);
        ConvBn.addCost(cost, e, plan.out(), 1, 1, plan.outputSide(), false);
    }

    GraphSink.Value describe(GraphSink sink, GraphSink.Value x) {
        GraphSink.Value y = project.describe(sink, depthwise.describe(sink, expand.describe(sink, x)));
        return residual ? sink.add(y, x) : y;
    }

    Tensor forward(Tensor x) {
        Tensor y = project.forward(depthwise.forward(expand.forward(x)));
        return residual ? y.add(x) : y;
    }
}
