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

/**
 * Tiny runs that must give finite, consistent rates. Speed itself is not asserted: a rate is only
 * bounded below by the work done over the whole call, which holds on any machine.
 */
class EncoderBenchmarkTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void trainingThroughputIsPositiveAndUsesTheTimesThreeConvention() {
        Torch.manualSeed(0);
        Encoder e = Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16));
        long start = System.nanoTime();
        EncoderBenchmark.Throughput t = EncoderBenchmark.trainingThroughput(e, 8, 0, 2);
        double outer = (System.nanoTime() - start) / 1e9;
        // 2 timed steps of 8 images, no warm-up, ran inside the call: the rate over the timed part
        // cannot be below 16 images over the whole call, whatever the machine's speed, while a
        // miscount (steps without the batch) would be
        assertThat(t.imagesPerSecond()).isFinite().isGreaterThanOrEqualTo(16 / outer);
        assertThat(t.gflopsPerSecond()).isCloseTo(3 * e.gflopsPerImage() * t.imagesPerSecond(), within(1e-9));
    }

    @Test
    void matmulRateIsPositive() {
        long start = System.nanoTime();
        double gflops = EncoderBenchmark.matmulGflops(128, 3);
        double outer = (System.nanoTime() - start) / 1e9;
        // 3 timed products of 2 x 128^3 flops ran inside the call
        assertThat(gflops).isFinite().isGreaterThanOrEqualTo(3 * 2.0 * 128 * 128 * 128 / outer / 1e9);
    }

    @Test
    void badArgumentsAreRejected() {
        EncoderSpec spec = EncoderSpec.iresnet(18, 0.25, 32, 16);
        assertThatThrownBy(() -> EncoderBenchmark.trainingThroughput(spec, 1, 0, 1)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> EncoderBenchmark.matmulGflops(0, 1)).hasMessageContaining("n >= 1");
    }
}
