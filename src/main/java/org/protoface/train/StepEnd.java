package org.protoface.train;

/**
 * What a {@link StepHook} learns about the step that just finished.
 *
 * @param stepsDone  optimizer steps completed so far (the finished step's index + 1)
 * @param totalSteps steps the run is configured for
 * @param loss       the step's loss
 */
public record StepEnd(long stepsDone, long totalSteps, double loss) {
    /** Whether that was the run's final step. */
    public boolean last() {
        return stepsDone == totalSteps;
    }
}
