package org.protoface.data.augment;

import org.protoface.config.Section;

/**
 * The {@code augment:} section. Each augmentation has a probability of being applied to a
 * training image (0 = off) and, where it has any, the range its strength is drawn from.
 * Randomness is a function of (seed, step, sample), so a resumed run augments exactly as an
 * uninterrupted one. See {@link org.protoface.data.augment.Augmenter} for the order and formulas.
 *
 * @param flip              probability of a horizontal mirror
 * @param resize            probability of a resize down to a random scale and back (simulates low resolution)
 * @param resizeMinScale    smallest scale of that resize, in (0, 1]; the scale is uniform in [min, 1]
 * @param blur              probability of a Gaussian blur
 * @param blurSigmaMin      smallest blur sigma in pixels of the training image
 * @param blurSigmaMax      largest blur sigma; sigma is uniform in [min, max]
 * @param grayscale         probability of replacing the colours by their luminance
 * @param jitter            probability of a colour jitter
 * @param jitterBrightness  brightness factor drawn uniformly from [1 - b, 1 + b]
 * @param jitterContrast    contrast factor drawn uniformly from [1 - c, 1 + c]
 * @param jitterSaturation  saturation factor drawn uniformly from [1 - s, 1 + s]
 */
public record AugmentConfig(double flip, double resize, double resizeMinScale, double blur, double blurSigmaMin,
                            double blurSigmaMax, double grayscale, double jitter, double jitterBrightness,
                            double jitterContrast, double jitterSaturation) {
    /** Only the horizontal flip, on half the images (the reference recipe). */
    public static final Section<AugmentConfig> SECTION = new Section<>("augment", AugmentConfig.class,
            new AugmentConfig(0.5, 0.0, 0.5, 0.0, 0.5, 1.5, 0.0, 0.0, 0.2, 0.2, 0.2));

    public AugmentConfig {
        probability("flip", flip);
        probability("resize", resize);
        probability("blur", blur);
        probability("grayscale", grayscale);
        probability("jitter", jitter);
        if (!(resizeMinScale > 0 && resizeMinScale <= 1)) {
            throw new IllegalArgumentException("augment.resize_min_scale must be in (0, 1], got " + resizeMinScale);
        }
        if (!(blurSigmaMin > 0 && blurSigmaMin <= blurSigmaMax)) {
            throw new IllegalArgumentException("augment.blur_sigma_min and blur_sigma_max must satisfy 0 < min <= max, got "
                    + blurSigmaMin + " and " + blurSigmaMax);
        }
        strength("jitter_brightness", jitterBrightness);
        strength("jitter_contrast", jitterContrast);
        strength("jitter_saturation", jitterSaturation);
    }

    /** Only the horizontal flip, with probability {@code flip}. */
    public static AugmentConfig flipOnly(double flip) {
        return new AugmentConfig(flip, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0);
    }

    /** The same strengths with every augmentation applied to every image (worst-case cost, for benchmarks). */
    public AugmentConfig alwaysApplied() {
        return new AugmentConfig(1, 1, resizeMinScale, 1, blurSigmaMin, blurSigmaMax, 1, 1, jitterBrightness,
                jitterContrast, jitterSaturation);
    }

    /** False when no augmentation can change an image (not named isX: Jackson would serialise it). */
    public boolean anyEnabled() {
        return flip > 0 || resize > 0 || blur > 0 || grayscale > 0 || jitter > 0;
    }

    private static void probability(String key, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("augment." + key + " must be a probability, got " + p);
    }

    private static void strength(String key, double v) {
        // a factor 1 - v below 0 would invert the image
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("augment." + key + " must be in [0, 1], got " + v);
    }
}
