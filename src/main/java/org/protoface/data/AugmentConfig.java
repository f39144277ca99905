package org.protoface.data;

/**
 * The {@code augment:} section. Each value is the probability that the augmentation is applied
 * to a training image; randomness is a function of (seed, step, sample), so a resumed run
 * augments exactly as an uninterrupted one.
 */
public record AugmentConfig(double flip) {
    public AugmentConfig {
        if (flip < 0 || flip > 1) throw new IllegalArgumentException("augment.flip must be a probability, got " + flip);
    }
}
