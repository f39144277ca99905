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
 */
public record LoopConfig(long steps, long seed, int threads, int loaderWorkers, int prefetch, int logEvery,
                         int checkpointEvery, int keepCheckpoints, String device) {
    public static final Section<LoopConfig> SECTION = new Section<>("train", LoopConfig.class,
            new LoopConfig(20000, 1, 0, 2, 4, 20, 1000, 2, "cpu"));

    /** On the CPU. */
    public LoopConfig(long steps, long seed, int threads, int loaderWorkers, int prefetch, int logEvery, int checkpointEvery,
                      int keepCheckpoints) {
        this(steps, seed, threads, loaderWorkers, prefetch, logEvery, checkpointEvery, keepCheckpoints, "cpu");
    }

    public LoopConfig {
        LoopChecks.require(steps, threads, loaderWorkers, prefetch, logEvery, checkpointEvery, keepCheckpoints, device);
    }
}
