package org.protoface.infer;

/**
 * A user's statement of a model's input convention (the {@code --input-mean}, {@code --input-std},
 * {@code --bgr} and {@code --input-size} flags); each part left null or 0 keeps what the model's
 * own metadata says. Only ONNX models use it: a ProtoFace model folder states its own convention.
 *
 * @param mean        three per-channel means on the 0..255 scale (model plane order), or null
 * @param std         three per-channel standard deviations on the 0..255 scale, or null
 * @param colourOrder the model's plane order, or null
 * @param size        crop side in pixels, or 0
 */
public record InputOverrides(double[] mean, double[] std, ColourOrder colourOrder, int size) {
    public InputOverrides {
        if (mean != null && mean.length != 3) throw new IllegalArgumentException("--input-mean needs 1 or 3 values");
        if (std != null && std.length != 3) throw new IllegalArgumentException("--input-std needs 1 or 3 values");
        if (std != null) {
            for (double s : std) {
                if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("--input-std values must be positive, got " + s);
            }
        }
        if (size < 0) throw new IllegalArgumentException("--input-size must be positive, got " + size);
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
    }

    /** Nothing overridden. */
    public static InputOverrides none() {
        return new InputOverrides(null, null, null, 0);
    }

    /** insightface's recogniser convention: (v - 127.5) / 127.5, RGB, 112 x 112. */
    public static InputOverrides insightface() {
        return new InputOverrides(new double[] {127.5, 127.5, 127.5}, new double[] {127.5, 127.5, 127.5}, ColourOrder.RGB, 112);
    }

    /** Whether any part is given. */
    public boolean any() {
        return mean != null || std != null || colourOrder != null || size > 0;
    }

    @Override
    public double[] mean() {
        return mean == null ? null : mean.clone();
    }

    @Override
    public double[] std() {
        return std == null ? null : std.clone();
    }
}
