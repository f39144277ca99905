package org.protoface.train;

import java.util.Map;

/**
 * What one optimizer step produced.
 *
 * @param loss      the head's loss (mean over the batch)
 * @param gradNorm  joint L2 norm of the encoder's gradients before clipping (NaN for a skipped step)
 * @param telemetry the head's per-step values (snake_case keys), plus "loss_scale" under fp16
 * @param skipped   fp16 loss scaling found inf/NaN gradients: nothing was updated, the scale was lowered
 */
public record StepOutcome(double loss, double gradNorm, Map<String, Double> telemetry, boolean skipped) {
    /** A step that updated the weights. */
    public StepOutcome(double loss, double gradNorm, Map<String, Double> telemetry) {
        this(loss, gradNorm, telemetry, false);
    }

    /** A step skipped by loss scaling. */
    public static StepOutcome skippedStep(double loss, Map<String, Double> telemetry) {
        return new StepOutcome(loss, Double.NaN, telemetry, true);
    }
}
