package org.protoface.data.synthetic;

import java.util.SplittableRandom;

/** A colour with channels on the 0..255 scale (may leave the range before final clamping). */
record Rgb(float r, float g, float b) {
    Rgb times(double k) {
        return new Rgb((float) (r * k), (float) (g * k), (float) (b * k));
    }

    /** Linear interpolation towards {@code other}: t = 0 gives this, t = 1 gives other. */
    Rgb mix(Rgb other, double t) {
        return new Rgb((float) (r + (other.r - r) * t), (float) (g + (other.g - g) * t), (float) (b + (other.b - b) * t));
    }

    /** Adds independent uniform jitter in [-amount, amount] to each channel. */
    Rgb jitter(SplittableRandom random, double amount) {
        return new Rgb((float) (r + random.nextDouble(-amount, amount)), (float) (g + random.nextDouble(-amount, amount)),
                (float) (b + random.nextDouble(-amount, amount)));
    }

    static Rgb random(SplittableRandom random, double lo, double hi) {
        return new Rgb((float) random.nextDouble(lo, hi), (float) random.nextDouble(lo, hi), (float) random.nextDouble(lo, hi));
    }
}
