package org.protoface.torch;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelsLastWeightsTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** A 3 x 3 and a 1 x 1 convolution (the 1 x 1 kernel's plain strides also pass as channels-last). */
    private static Module twoConvolutions(Conv2dImpl[] out) {
        Module m = new Module();
        out[0] = Layers.conv2d(3, 8, 3, 1, 1, false);
        out[1] = Layers.conv2d(8, 16, 1, 1, 0, true);
        m.register_module("spatial", out[0]);
        m.register_module("pointwise", out[1]);
        return m;
    }

    /** The strides PyTorch gives an O x I x kH x kW tensor in channels-last layout, worked out by hand. */
    private static long[] channelsLastStrides(long[] shape) {
        long in = shape[1], kh = shape[2], kw = shape[3];
        return new long[] {kh * kw * in, 1, kw * in, in};
    }

    @Test
    void bf16PutsEveryConvolutionWeightInChannelsLastStridesKeepingValuesAndTheSameTensors() {
        Conv2dImpl[] convs = new Conv2dImpl[2];
        Module m = twoConvolutions(convs);
        Tensor spatial = convs[0].weight(), pointwise = convs[1].weight();
        float[] spatialBefore = Tensors.floats(spatial), pointwiseBefore = Tensors.floats(pointwise);
        float[] biasBefore = Tensors.floats(convs[1].bias());

        assertThat(Precision.BF16.prepareModule(m)).isEqualTo(2);

        // the handles taken before see the new layout: the parameter itself changed, not a copy
        assertThat(spatial.strides().vec().get()).containsExactly(channelsLastStrides(new long[] {8, 3, 3, 3}));
        assertThat(pointwise.strides().vec().get()).containsExactly(channelsLastStrides(new long[] {16, 8, 1, 1}));
        assertThat(convs[0].weight().strides().vec().get()).containsExactly(channelsLastStrides(new long[] {8, 3, 3, 3}));
        assertThat(Tensors.floats(spatial)).containsExactly(spatialBefore);
        assertThat(Tensors.floats(pointwise)).containsExactly(pointwiseBefore);
        assertThat(Tensors.floats(convs[1].bias())).containsExactly(biasBefore);
        assertThat(spatial.requires_grad()).isTrue();
    }

    @Test
    void gradientsOfABf16StepComeBackInTheWeightsOwnStrides() {
        Conv2dImpl[] convs = new Conv2dImpl[2];
        Module m = twoConvolutions(convs);
        Precision.BF16.prepareModule(m);
        try (TensorScope ignored = TensorScope.open()) {
            Tensor images = Precision.BF16.prepareImages(Tensors.randn(4, 3, 10, 10));
            Tensor out;
            try (Autocast a = Precision.BF16.autocast(Device.CPU)) {
                out = convs[1].forward(convs[0].forward(images));
            }
            out.to(torch.ScalarType.Float).sum().backward();
            for (Conv2dImpl c : convs) {
                // what the data-parallel reducer's bucket views are built from and compared with
                assertThat(c.weight().grad().strides().vec().get()).containsExactly(c.weight().strides().vec().get());
            }
        }
    }

    @Test
    void fp32LeavesTheLayoutAlone() {
        Conv2dImpl[] convs = new Conv2dImpl[2];
        Module m = twoConvolutions(convs);
        long[] before = convs[0].weight().strides().vec().get();
        assertThat(Precision.FP32.prepareModule(m)).isZero();
        assertThat(convs[0].weight().strides().vec().get()).containsExactly(before);
        assertThat(convs[0].weight().is_contiguous()).isTrue();
    }
}
