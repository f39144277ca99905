package org.protoface.encoder;

import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EncoderGradientTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iresnet", "mobilefacenet"})
    void oneBackwardReachesEveryParameter(String type) {
        Torch.manualSeed(11);
        Encoder e = Encoders.create(new EncoderSpec(type, 18, 0.25, 32, 16, 0.0));
        Tensor out = e.forward(Tensors.randn(4, 3, 32, 32));
        // A random projection as the loss: sum of squares or a plain sum of a BN output is constant
        // per channel and would send zero gradient upstream of the last BN.
        out.mul(Tensors.randn(4, 16)).sum().backward();

        StringTensorDict params = e.named_parameters();
        assertThat(params.contains("stem.conv.weight")).isTrue();
        assertThat(gradientNorm(params.get("stem.conv.weight"))).isGreaterThan(0);
        List<String> withoutGradient = new ArrayList<>();
        for (long i = 0; i < params.size(); i++) {
            String name = params.keys().get(i).getString();
            if (gradientNorm(params.get(name)) == 0) withoutGradient.add(name);
        }
        assertThat(withoutGradient).as("parameters with no or zero gradient").isEmpty();
    }

    private static double gradientNorm(Tensor p) {
        Tensor g = p.grad();
        return g.defined() ? g.abs().sum().item_double() : 0;
    }
}
