package org.protoface.encoder;

/** Channel counts under a width multiplier. */
final class Channels {
    /** Narrower than this, a layer stops being a useful feature extractor and BN statistics get noisy. */
    static final int MINIMUM = 8;

    private Channels() {}

    /** {@code base x width}, rounded to the nearest integer, never below {@link #MINIMUM}. */
    static int scaled(int base, double width) {
        return Math.max(MINIMUM, (int) Math.round(base * width));
    }
}
