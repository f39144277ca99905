package org.protoface.train;

import org.protoface.config.Section;

/**
 * The {@code train:} section.
 *
 * @param steps           optimizer steps in the run
 * @param seed            seed of the weights, the identity sampler and the augmentation
 * @param threads         libtorch intra-op threads (0 = all cores)
 * @param loaderWorkers   decode/augment threads (0 = decode on the prefetch thread)
 * @param prefetch        batches prepared ahead of the training step
 * @param logEvery        steps per metrics.jsonl line
 * @param checkpointEvery steps between checkpoints (0 = only at the end)
 * @param keepCheckpoints how many recent checkpoints to keep on disk
 * @param device          where the step's tensors live: cpu, cuda or cuda:N
 * @param precision       the encoder's arithmetic: fp32, bf16, fp16 (CUDA only) or auto (bf16 on a
 *                        CPU with bfloat16 instructions, fp32 on other CPUs, fp16 on CUDA); see
 *                        {@link org.protoface.torch.PrecisionChoice}
 */
public record LoopConfig(long steps, long seed, int threads, int loaderWorkers, int prefetch, int logEvery,
                         int checkpointEvery, int keepCheckpoints, String device, String precision) {
    public static final Section<LoopConfig> SECTION = new Section<>("train", LoopConfig.class,
            new LoopConfig(20000, 1, 0, 2, 4, 20, 1000, 2, "cpu", "fp32"));

    /** On the CPU, in float32. */
    public LoopConfig(long steps, long seed, int threads, int loaderWorkers, int prefetch, int logEvery, int checkpointEvery,
                      int keepCheckpoints) {
        this(steps, seed, threads, loaderWorkers, prefetch, logEvery, checkpointEvery, keepCheckpoints, "cpu", "fp32");
    }

    /** The same settings with another precision (a resolved "auto", say). */
    public LoopConfig withPrecision(String p) {
        return new LoopConfig(steps, seed, threads, loaderWorkers, prefetch, logEvery, checkpointEvery, keepCheckpoints, device, p);
    }
}
