package org.protoface.train;

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
                         int checkpointEvery, int keepCheckpoints) {}
