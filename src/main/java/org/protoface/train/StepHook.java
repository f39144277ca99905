package org.protoface.train;

import java.io.IOException;
import java.util.Map;

/**
 * Work the {@link Trainer} does between steps, after its metrics and checkpoint logic: periodic
 * validation, evaluations of a study, timing of a benchmark, a stop request in a test. Runs on the
 * training thread while the loader keeps prefetching, and is not timed as training. Whatever it
 * returns is appended to metrics.jsonl as its own line with the step.
 */
@FunctionalInterface
public interface StepHook {
    /** @return metrics to log for this step; empty when the hook had nothing to do */
    Map<String, Object> afterStep(StepEnd end) throws IOException;
}
