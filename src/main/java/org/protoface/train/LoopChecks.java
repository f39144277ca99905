package org.protoface.train;

import org.protoface.config.Ranges;

/** The value ranges of the {@code train:} section ({@link LoopConfig}), kept apart so the record stays a list of fields. */
final class LoopChecks {
    private LoopChecks() {}

    /** @throws org.protoface.config.ConfigException naming the first key out of range, its value and the valid range */
    static void require(long steps, int threads, int loaderWorkers, int prefetch, int logEvery, int checkpointEvery,
                        int keepCheckpoints, String device) {
        Ranges.atLeast("train.steps", steps, 1);
        Ranges.atLeast("train.threads", threads, 0);                 // 0 = all cores
        Ranges.atLeast("train.loader_workers", loaderWorkers, 0);    // 0 = decode on the prefetch thread
        Ranges.atLeast("train.prefetch", prefetch, 1);
        Ranges.atLeast("train.log_every", logEvery, 1);
        Ranges.atLeast("train.checkpoint_every", checkpointEvery, 0); // 0 = only at the end
        Ranges.atLeast("train.keep_checkpoints", keepCheckpoints, 1);
        Ranges.present("train.device", device);
    }
}
