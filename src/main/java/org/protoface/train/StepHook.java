package org.protoface.train;

import java.io.IOException;
import java.util.Map;

/**
 * Work the {@link Trainer} does between steps, after its checkpoint logic: periodic validation,
 * for instance. Runs on the training thread while the loader keeps prefetching, and is not timed
 * as training. Whatever it returns is appended to metrics.jsonl as its own line with the step.
 */
@FunctionalInterface
public interface StepHook {
    /**
     * @param stepsDone optimizer steps completed so far
     * @param last      whether that was the run's final step
     * @return metrics to log for this step; empty when the hook had nothing to do
     */
    Map<String, Object> afterStep(long stepsDone, boolean last) throws IOException;
}
