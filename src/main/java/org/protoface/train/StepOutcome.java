package org.protoface.train;

import java.util.Map;

/**
 * What one optimizer step produced.
 *
 * @param loss      the head's loss (mean over the batch)
 * @param gradNorm  joint L2 norm of the encoder's gradients before clipping
 * @param telemetry the head's per-step values (snake_case keys)
 */
public record StepOutcome(double loss, double gradNorm, Map<String, Double> telemetry) {}
