package org.protoface.lab.throughput;

import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Only sanity: tiny runs that must give finite, consistent rates (speed itself is not asserted). */
class EncoderBenchmarkTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void trainingThroughputIsPositiveAndUsesTheTimesThreeConvention() {
        Torch.manualSeed(0);
        Encoder e = Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16));
        EncoderBenchmark.Throughput t = EncoderBenchmark.trainingThroughput(e, 4, 1, 2);
        assertThat(t.imagesPerSecond()).isPositive().isFinite();
        assertThat(t.gflopsPerSecond()).isCloseTo(3 * e.gflopsPerImage() * t.imagesPerSecond(), within(1e-9));
    }

    @Test
    void matmulRateIsPositive() {
        assertThat(EncoderBenchmark.matmulGflops(128, 3)).isPositive().isFinite();
    }

    @Test
    void badArgumentsAreRejected() {
        EncoderSpec spec = EncoderSpec.iresnet(18, 0.25, 32, 16);
        assertThatThrownBy(() -> EncoderBenchmark.trainingThroughput(spec, 1, 0, 1)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> EncoderBenchmark.matmulGflops(0, 1)).hasMessageContaining("n >= 1");
    }
}
