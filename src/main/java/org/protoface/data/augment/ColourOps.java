package org.protoface.data.augment;

/**
 * Grayscale and colour jitter. Values are normalised ((x/255 - 0.5)/0.5): black is -1, white 1.
 * Luminance uses the ITU-R BT.601 weights (as PIL and torchvision do); because the weights sum to
 * 1, the luminance of normalised values is the normalised luminance.
 */
public final class ColourOps {
    public static final float RED = 0.299f, GREEN = 0.587f, BLUE = 0.114f;

    private ColourOps() {}

    /** Replaces R, G and B of every pixel by its luminance. */
    public static void grayscale(float[] a, int offset, int s) {
        int plane = s * s;
        int g = offset + plane, b = offset + 2 * plane;
        for (int i = 0; i < plane; i++) {
            float y = RED * a[offset + i] + GREEN * a[g + i] + BLUE * a[b + i];
            a[offset + i] = y;
            a[g + i] = y;
            a[b + i] = y;
        }
    }

    /**
     * Brightness, then contrast, then saturation, each followed by clipping to the valid range as
     * an 8-bit image would be. Brightness scales intensities towards black; contrast blends each
     * value with the image's mean luminance; saturation blends each pixel with its own luminance.
     * A factor of 1 leaves the image unchanged.
     */
    public static void jitter(float[] a, int offset, int s, float brightness, float contrast, float saturation) {
        int n = 3 * s * s;
        if (brightness != 1f) {
            // in [0, 1] intensities v' = f v; with x = 2v - 1 that is x' = f (x + 1) - 1
            for (int i = offset; i < offset + n; i++) a[i] = clip(brightness * (a[i] + 1f) - 1f);
        }
        if (contrast != 1f) {
            float mean = meanLuminance(a, offset, s);
            for (int i = offset; i < offset + n; i++) a[i] = clip(mean + contrast * (a[i] - mean));
        }
        if (saturation != 1f) {
            int plane = s * s;
            int g = offset + plane, b = offset + 2 * plane;
            for (int i = 0; i < plane; i++) {
                float y = RED * a[offset + i] + GREEN * a[g + i] + BLUE * a[b + i];
                a[offset + i] = clip(y + saturation * (a[offset + i] - y));
                a[g + i] = clip(y + saturation * (a[g + i] - y));
                a[b + i] = clip(y + saturation * (a[b + i] - y));
            }
        }
    }

    static float meanLuminance(float[] a, int offset, int s) {
        int plane = s * s;
        int g = offset + plane, b = offset + 2 * plane;
        double sum = 0;
        for (int i = 0; i < plane; i++) sum += RED * a[offset + i] + GREEN * a[g + i] + BLUE * a[b + i];
        return (float) (sum / plane);
    }

    private static float clip(float x) {
        return x < -1f ? -1f : (x > 1f ? 1f : x);
    }
}
