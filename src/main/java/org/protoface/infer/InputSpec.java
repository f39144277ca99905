package org.protoface.infer;

import java.util.Arrays;

/**
 * What an embedding model expects as input: a square crop of {@code size} pixels, each channel
 * normalised as (v - mean[c]) / std[c] with v in 0..255, planes in {@code colourOrder}.
 *
 * <p>ProtoFace's data path produces the <em>standard</em> layout: RGB planes normalised with mean
 * 127.5 and std 127.5, i.e. values in [-1, 1] (insightface's recogniser convention, see
 * {@link #standard(int)}). {@link #fromStandard} converts standard pixels to this spec, so models with
 * other conventions (BGR, ImageNet statistics, 128 as std) take the same input arrays.
 *
 * @param size        side of the square input in pixels
 * @param mean        per-channel mean on the 0..255 scale, in the model's colour order (3 values)
 * @param std         per-channel standard deviation on the 0..255 scale (3 positive values)
 * @param colourOrder order of the planes the model reads
 */
public record InputSpec(int size, double[] mean, double[] std, ColourOrder colourOrder) {
    /** Mean and std of the standard layout: (v - 127.5) / 127.5. */
    public static final double STANDARD_MEAN = 127.5, STANDARD_STD = 127.5;

    public InputSpec {
        if (size < 1) throw new IllegalArgumentException("input size must be positive, got " + size);
        if (mean == null || mean.length != 3) throw new IllegalArgumentException("input mean needs 3 values, got " + Arrays.toString(mean));
        if (std == null || std.length != 3) throw new IllegalArgumentException("input std needs 3 values, got " + Arrays.toString(std));
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("input std must be positive and finite, got " + Arrays.toString(std));
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) throw new IllegalArgumentException("input mean must be finite, got " + Arrays.toString(mean));
        }
        if (colourOrder == null) throw new IllegalArgumentException("colour order is required");
        mean = mean.clone();
        std = std.clone();
    }

    /** ProtoFace's and insightface's recogniser convention: RGB, (v - 127.5) / 127.5. */
    public static InputSpec standard(int size) {
        return uniform(size, STANDARD_MEAN, STANDARD_STD, ColourOrder.RGB);
    }

    /** The same mean and std on all three channels. */
    public static InputSpec uniform(int size, double mean, double std, ColourOrder order) {
        return new InputSpec(size, new double[] {mean, mean, mean}, new double[] {std, std, std}, order);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Whether standard pixels can be fed to the model unchanged. */
    public boolean isStandard() {
        if (colourOrder != ColourOrder.RGB) return false;
        for (int c = 0; c < 3; c++) {
            if (mean[c] != STANDARD_MEAN || std[c] != STANDARD_STD) return false;
        }
        return true;
    }

    /**
     * Converts {@code n} images in the standard layout (n x 3 x size x size, RGB, [-1, 1]) to this
     * spec's layout. Returns the input array itself when the spec is standard.
     *
     * @throws IllegalArgumentException if the array length is not n x 3 x size x size
     */
    public float[] fromStandard(float[] standardChw, int n) {
        int plane = size * size;
        if (standardChw.length != (long) n * 3 * plane) {
            throw new IllegalArgumentException(standardChw.length + " pixel values for " + n + " images of 3 x " + size + " x " + size);
        }
        if (isStandard()) return standardChw;
        float[] out = new float[standardChw.length];
        for (int i = 0; i < n; i++) {
            int base = i * 3 * plane;
            for (int c = 0; c < 3; c++) {
                // model plane c reads source plane c (RGB) or 2 - c (BGR)
                int src = colourOrder == ColourOrder.RGB ? c : 2 - c;
                double scale = STANDARD_STD / std[c];
                double shift = (STANDARD_MEAN - mean[c]) / std[c];
                int from = base + src * plane, to = base + c * plane;
                for (int k = 0; k < plane; k++) out[to + k] = (float) (standardChw[from + k] * scale + shift);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && s.size == size && Arrays.equals(s.mean, mean) && Arrays.equals(s.std, std)
                && s.colourOrder == colourOrder;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * size + Arrays.hashCode(mean)) + Arrays.hashCode(std)) + colourOrder.hashCode();
    }

    @Override
    public String toString() {
        return size + "x" + size + " " + colourOrder + " mean " + Arrays.toString(mean) + " std " + Arrays.toString(std);
    }
}
