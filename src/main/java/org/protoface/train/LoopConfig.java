package org.protoface.train;

import org.protoface.config.Section;

/**
 * The {@code train:} section.
 *
 * @param steps           optimizer steps in the run
 * @param threads         libtorch intra-op threads (0 = all cores)
 * @param loaderWorkers   decode/augment threads (0 = decode on the prefetch thread)
 * @param prefetch        batches prepared ahead of the training step
 * @param checkpointEvery steps between checkpoints (0 = only at the end)
 * @param keepCheckpoints how many recent checkpoints to keep on disk
 */
public record LoopConfig(long steps, long seed, int threads, int loaderWorkers, int prefetch, int logEvery,
                         int checkpointEvery, int keepCheckpoints) {
    public static final Section<LoopConfig> SECTION = new Section<>("train", LoopConfig.class,
            new LoopConfig(20000, 1, 0, 2, 4, 20, 1000, 2));
}
