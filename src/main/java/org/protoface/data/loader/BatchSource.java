package org.protoface.data.loader;

import java.util.Map;

/** Where the training loop takes its batches from, in sampler order ({@link BatchLoader} in practice). */
public interface BatchSource {
    /**
     * The next batch.
     *
     * @throws org.protoface.data.DataLoadingException when the data cannot fill a batch
     */
    LoadedBatch next() throws InterruptedException;

    /**
     * What a checkpoint taken before the first batch this source hands out stores: the sampler's
     * position and the batches already drawn ({@link IdentityBatchSampler#checkpointState}).
     */
    long[] startState();

    /** Counters of what was read so far, as {@code metrics.jsonl} fields (e.g. corrupt_records). */
    Map<String, Object> counters();
}
