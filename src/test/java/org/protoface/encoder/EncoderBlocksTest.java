package org.protoface.encoder;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EncoderBlocksTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void iresnetBlocksAppliedInOrderGiveTheForwardBitForBitAndTheirCostsAddUp() {
        Torch.manualSeed(2);
        EncoderSpec spec = new EncoderSpec("iresnet", 34, 0.25, 32, 32, 0.0);
        Encoder encoder = Encoders.create(spec);
        encoder.train(false);
        Tensor images = Tensors.randn(2, 3, 32, 32);
        Tensor x = images;
        List<Encoder.Block> blocks = encoder.blocks();
        for (Encoder.Block b : blocks) x = b.forward().apply(x);
        assertThat(Tensors.floats(x)).containsExactly(Tensors.floats(encoder.forward(images)));
        // stem + 3 + 4 + 6 + 3 units + output
        assertThat(blocks).hasSize(18);
        assertThat(blocks.get(0).name()).isEqualTo("stem");
        assertThat(blocks.get(4).name()).isEqualTo("stage2.unit0");
        assertThat(blocks.get(17).name()).isEqualTo("output");
        double sum = blocks.stream().mapToDouble(Encoder.Block::gflopsPerImage).sum();
        assertThat(sum).isCloseTo(encoder.gflopsPerImage(), org.assertj.core.api.Assertions.within(1e-12));
    }
}
