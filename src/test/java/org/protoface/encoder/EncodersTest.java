package org.protoface.encoder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodersTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void createsTheRequestedArchitecture() {
        Torch.manualSeed(0);
        Encoder e = Encoders.create(EncoderSpec.iresnet(34, 0.25, 32, 16));
        assertThat(e).isInstanceOf(IResNet.class);
        assertThat(e.spec()).isEqualTo(EncoderSpec.iresnet(34, 0.25, 32, 16));
        assertThat(Encoders.name(e.spec())).isEqualTo("iresnet34");
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> Encoders.create(new EncoderSpec("resnet", 18, 1.0, 112, 512, 0.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'resnet'").hasMessageContaining("iresnet").hasMessageContaining("mobilefacenet");
    }

    @Test
    void unknownDepthListsTheSupportedOnes() {
        assertThatThrownBy(() -> Encoders.create(EncoderSpec.iresnet(42, 1.0, 112, 512)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("depth 42").hasMessageContaining("[18, 34, 50, 100, 200]");
    }

    @Test
    void inputSizeMustBeAMultipleOf16() {
        assertThatThrownBy(() -> Encoders.create(EncoderSpec.iresnet(18, 0.25, 100, 16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input_size 100");
        assertThatThrownBy(() -> Encoders.cost(new EncoderSpec("mobilefacenet", 0, 1.0, 40, 16, 0.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input_size 40");
    }

    @Test
    void otherFieldsAreChecked() {
        assertThatThrownBy(() -> Encoders.create(EncoderSpec.iresnet(18, 0.0, 32, 16)))
                .hasMessageContaining("width");
        assertThatThrownBy(() -> Encoders.create(EncoderSpec.iresnet(18, Double.NaN, 32, 16)))
                .hasMessageContaining("width");
        assertThatThrownBy(() -> Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 0)))
                .hasMessageContaining("embedding_size");
        assertThatThrownBy(() -> Encoders.create(new EncoderSpec("iresnet", 18, 0.25, 32, 16, 1.0)))
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> Encoders.create(null)).hasMessageContaining("missing");
    }

    @Test
    void constructorsRejectTheOtherType() {
        assertThatThrownBy(() -> new MobileFaceNet(EncoderSpec.iresnet(18, 0.25, 32, 16)))
                .hasMessageContaining("'mobilefacenet'").hasMessageContaining("'iresnet'");
    }
}
