package org.protoface.head.sampled;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.protoface.config.Section;

/**
 * Options of the Partial FC scorer; YAML/JSON keys in snake_case, every key optional:
 * <pre>
 *   sample_rate: 0.1      # r: ceil(r N) centres per step (1 = full softmax, 0 = batch classes only)
 *   momentum: 0.9         # SGD momentum of the centres
 *   weight_decay: 5.0e-4  # L2 weight decay of the centres
 *   drift_every: 50       # steps between proto_drift_cos measurements (0 = off)
 *   seed: 0               # negative sampler seed
 * </pre>
 * The centres' learning rate is the schedule's current one, passed in by the trainer.
 */
public record PartialFcConfig(
        @JsonProperty("sample_rate") double sampleRate,
        @JsonProperty("momentum") double momentum,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("drift_every") int driftEvery,
        @JsonProperty("seed") long seed) {

    public static final Section<PartialFcConfig> SECTION = new Section<>(PartialFcKind.NAME, PartialFcConfig.class, defaults());

    public static final double DEFAULT_SAMPLE_RATE = 0.1;
    public static final int DEFAULT_DRIFT_EVERY = 50;

    public PartialFcConfig {
        new NegativeSampling.Rate(sampleRate); // validates the range with a message naming sample_rate
        new CentreSgd(momentum, weightDecay);
        if (driftEvery < 0) throw new IllegalArgumentException("partial fc drift_every must be >= 0, got " + driftEvery);
    }

    /** The documented defaults: sample rate 0.1, momentum 0.9, weight decay 5e-4, drift every 50 steps, seed 0. */
    public static PartialFcConfig defaults() {
        return new PartialFcConfig(DEFAULT_SAMPLE_RATE, CentreSgd.DEFAULT_MOMENTUM, CentreSgd.DEFAULT_WEIGHT_DECAY,
                DEFAULT_DRIFT_EVERY, 0L);
    }

    /**
     * A copy with sample rate {@code rate} (Partial FC, An et al., 2022: ceil(rate * N) centres per step).
     *
     * @throws IllegalArgumentException if {@code rate} is outside the accepted range
     */
    public PartialFcConfig withSampleRate(double rate) {
        return new PartialFcConfig(rate, momentum, weightDecay, driftEvery, seed);
    }
}
