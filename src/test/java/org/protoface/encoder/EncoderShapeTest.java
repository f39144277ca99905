package org.protoface.encoder;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderShapeTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 48, 112})
    void iresnet18EmbedsEveryImageInTrainAndEvalMode(int size) {
        Torch.manualSeed(1);
        Encoder e = Encoders.create(EncoderSpec.iresnet(18, 0.25, size, 64));
        Tensor images = Tensors.randn(2, 3, size, size);
        assertThat(Tensors.shape(e.forward(images))).containsExactly(2, 64);
        e.train(false);
        try (NoGradGuard g = new NoGradGuard()) {
            float[] out = Tensors.floats(e.forward(images));
            assertThat(out).hasSize(2 * 64);
            for (float v : out) assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 112})
    void mobileFaceNetEmbedsEveryImage(int size) {
        Torch.manualSeed(2);
        Encoder e = Encoders.create(new EncoderSpec("mobilefacenet", 0, 0.25, size, 128, 0.0));
        assertThat(e).isInstanceOf(MobileFaceNet.class);
        assertThat(Tensors.shape(e.forward(Tensors.randn(2, 3, size, size)))).containsExactly(2, 128);
    }

    @Test
    void evalModeIsDeterministicAndDiffersFromTrainMode() {
        Torch.manualSeed(3);
        Encoder e = Encoders.create(new EncoderSpec("iresnet", 18, 0.25, 32, 32, 0.5));
        Tensor images = Tensors.randn(4, 3, 32, 32);
        float[] trainOut = Tensors.floats(e.forward(images));
        e.train(false);
        float[] evalA = Tensors.floats(e.forward(images));
        float[] evalB = Tensors.floats(e.forward(images));
        assertThat(evalA).containsExactly(evalB);
        // train mode uses batch statistics and dropout, eval mode running statistics: outputs must differ
        assertThat(evalA).isNotEqualTo(trainOut);
    }

    @Test
    void sameSeedGivesSameWeights() {
        Torch.manualSeed(7);
        Encoder a = Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16));
        Torch.manualSeed(7);
        Encoder b = Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16));
        a.train(false);
        b.train(false);
        Tensor images = Tensors.randn(2, 3, 32, 32);
        assertThat(Tensors.floats(a.forward(images))).containsExactly(Tensors.floats(b.forward(images)));
    }

    @Test
    void wrongImageShapeIsRejectedWithBothShapes() {
        Torch.manualSeed(4);
        Encoder e = Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16));
        assertThatThrownBy(() -> e.forward(Tensors.randn(2, 3, 48, 48)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[B, 3, 32, 32]")
                .hasMessageContaining("[2, 3, 48, 48]");
    }
}
