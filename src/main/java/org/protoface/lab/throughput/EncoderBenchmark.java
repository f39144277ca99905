package org.protoface.lab.throughput;

import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Autocast;
import org.protoface.torch.Device;
import org.protoface.torch.Precision;
import org.protoface.torch.Tensors;

/**
 * Quick throughput probes for sizing experiments on this machine. Keep runs short: the cores are
 * shared, and a few steps after warm-up already give a stable figure.
 */
public final class EncoderBenchmark {
    /** Training speed of an encoder: images per second and the compute rate that implies. */
    public record Throughput(double imagesPerSecond, double gflopsPerSecond) {}

    private EncoderBenchmark() {}

    /** Builds the encoder from {@code spec} (training mode) and measures it; see {@link #trainingThroughput(Encoder, int, int, int)}. */
    public static Throughput trainingThroughput(EncoderSpec spec, int batchSize, int warmupSteps, int steps) {
        return trainingThroughput(Encoders.create(spec), batchSize, warmupSteps, steps);
    }

    /**
     * Times {@code steps} forward+backward passes on random images after {@code warmupSteps}
     * untimed ones (allocator and kernel selection settle in the first passes). No optimizer step
     * is taken, so the weights do not change.
     *
     * <p>Convention: a training step costs 3 x the forward FLOPs (the backward pass computes the
     * gradient with respect to both activations and weights, each about one forward's worth), so
     * GFLOP/s = 3 x {@link Encoder#gflopsPerImage()} x images/s, with FLOPs = 2 x MACs.
     */
    public static Throughput trainingThroughput(Encoder encoder, int batchSize, int warmupSteps, int steps) {
        return trainingThroughput(encoder, Precision.FP32, batchSize, warmupSteps, steps);
    }

    /** As {@link #trainingThroughput(Encoder, int, int, int)}, with the forward in {@code precision} (autocast and layout as in training). */
    public static Throughput trainingThroughput(Encoder encoder, Precision precision, int batchSize, int warmupSteps, int steps) {
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be at least 2 (BatchNorm in training mode), got " + batchSize);
        if (warmupSteps < 0 || steps < 1) {
            throw new IllegalArgumentException("need warmupSteps >= 0 and steps >= 1, got " + warmupSteps + " and " + steps);
        }
        int side = encoder.spec().inputSize();
        encoder.train(true);
        for (int i = 0; i < warmupSteps; i++) trainingStep(encoder, precision, batchSize, side);
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) trainingStep(encoder, precision, batchSize, side);
        double seconds = (System.nanoTime() - start) / 1e9;
        encoder.zero_grad(true);
        double imagesPerSecond = (double) batchSize * steps / seconds;
        return new Throughput(imagesPerSecond, 3.0 * encoder.gflopsPerImage() * imagesPerSecond);
    }

    /**
     * Float32 matrix-multiply rate of this machine: {@code repeats} products of two n x n
     * matrices after one untimed product, at 2 n^3 FLOPs each. An upper bound for what the
     * convolutions can reach.
     */
    public static double matmulGflops(int n, int repeats) {
        if (n < 1 || repeats < 1) throw new IllegalArgumentException("need n >= 1 and repeats >= 1, got " + n + " and " + repeats);
        try (TensorScope scope = TensorScope.open()) {
            Tensor a = Tensors.randn(n, n);
            Tensor b = Tensors.randn(n, n);
            torch.mm(a, b);
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) torch.mm(a, b);
            double seconds = (System.nanoTime() - start) / 1e9;
            return 2.0 * n * n * (double) n * repeats / seconds / 1e9;
        }
    }

    /**
     * The best matrix-multiply rate of {@code repeats} products of two n x n matrices of
     * {@code dtype} (Float: OpenBLAS in this libtorch build; BFloat16: oneDNN), after one untimed
     * product: the fastest product, because on a shared machine the others are slowed by other
     * jobs, not by the kernel.
     */
    public static double bestMatmulGflops(int n, int repeats, torch.ScalarType dtype) {
        if (n < 1 || repeats < 1) throw new IllegalArgumentException("need n >= 1 and repeats >= 1, got " + n + " and " + repeats);
        try (TensorScope scope = TensorScope.open()) {
            Tensor a = Tensors.randn(n, n).to(dtype);
            Tensor b = Tensors.randn(n, n).to(dtype);
            torch.mm(a, b);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                torch.mm(a, b);
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return 2.0 * n * n * (double) n / best / 1e9;
        }
    }

    private static void trainingStep(Encoder encoder, Precision precision, int batchSize, int side) {
        try (TensorScope scope = TensorScope.open()) {
            encoder.zero_grad(true);
            Tensor images = precision.prepareImages(Tensors.randn(batchSize, 3, side, side));
            Tensor embeddings;
            try (Autocast ignored = precision.autocast(Device.CPU)) {
                embeddings = encoder.forward(images).to(torch.ScalarType.Float);
            }
            // a random projection as the loss: a sum of squares of a BN output is constant per
            // channel and would make the gradients upstream of the last BN vanish
            embeddings.mul(Tensors.randn(Tensors.shape(embeddings))).sum().backward();
        }
    }
}
