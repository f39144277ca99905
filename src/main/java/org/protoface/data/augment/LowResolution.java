package org.protoface.data.augment;

import java.util.Arrays;

/**
 * Resize down to t x t and back up to s x s, which removes detail the way a low-resolution
 * capture does. Down: area averaging (each small pixel is the exact mean of the input area it
 * covers, so there is no aliasing). Up: bilinear interpolation between pixel centres, edge pixels
 * repeated. Both are separable and their weights sum to 1, so a constant image stays constant.
 * The vertical passes combine whole rows so their inner loops run over contiguous memory.
 */
public final class LowResolution {
    private LowResolution() {}

    /** The small side for a scale in (0, 1]: at least 1 pixel. */
    public static int smallSide(int s, double scale) {
        return Math.max(1, Math.min(s, (int) Math.round(s * scale)));
    }

    /**
     * Resizes the 3 x s x s image at {@code offset} to t x t and back, in place.
     *
     * @param first  scratch of at least {@code s * t} values
     * @param second scratch of at least {@code s * t} values
     */
    public static void apply(float[] a, int offset, int s, int t, float[] first, float[] second) {
        if (t >= s) return;
        double ratio = (double) s / t;
        for (int c = 0; c < 3; c++) {
            int base = offset + c * s * s;
            // rows: s x s -> s rows of t (first)
            for (int y = 0; y < s; y++) areaDownRow(a, base + y * s, s, first, y * t, t);
            // columns: -> t rows of t (second); small row j averages input rows over [j r, (j + 1) r)
            for (int j = 0; j < t; j++) {
                int out = j * t;
                Arrays.fill(second, out, out + t, 0f);
                double lo = j * ratio, hi = (j + 1) * ratio;
                for (int i = (int) lo, last = Math.min((int) Math.ceil(hi), s) - 1; i <= last; i++) {
                    float w = (float) ((Math.min(hi, i + 1) - Math.max(lo, i)) / ratio);
                    int in = i * t;
                    for (int x = 0; x < t; x++) second[out + x] += w * first[in + x];
                }
            }
            // rows: t rows of t -> t rows of s (first)
            for (int y = 0; y < t; y++) bilinearUpRow(second, y * t, t, first, y * s, s);
            // columns: -> s rows of s, back into the image
            double step = (double) t / s;
            for (int y = 0; y < s; y++) {
                double u = Math.max(0, (y + 0.5) * step - 0.5);
                int i0 = (int) u, i1 = Math.min(i0 + 1, t - 1);
                float f = (float) (u - i0);
                int out = base + y * s, r0 = i0 * s, r1 = i1 * s;
                for (int x = 0; x < s; x++) a[out + x] = first[r0 + x] + f * (first[r1 + x] - first[r0 + x]);
            }
        }
    }

    /** n values averaged into t: with r = n / t, output j is the mean over [j r, (j + 1) r), partial pixels weighted. */
    private static void areaDownRow(float[] in, int inStart, int n, float[] out, int outStart, int t) {
        double ratio = (double) n / t;
        for (int j = 0; j < t; j++) {
            double lo = j * ratio, hi = (j + 1) * ratio;
            double sum = 0;
            for (int i = (int) lo, last = Math.min((int) Math.ceil(hi), n) - 1; i <= last; i++) {
                sum += (Math.min(hi, i + 1) - Math.max(lo, i)) * in[inStart + i];
            }
            out[outStart + j] = (float) (sum / ratio);
        }
    }

    /** t values interpolated to s; output pixel centre x maps to (x + 0.5) t / s - 0.5 in the input. */
    private static void bilinearUpRow(float[] in, int inStart, int t, float[] out, int outStart, int s) {
        double step = (double) t / s;
        for (int x = 0; x < s; x++) {
            double u = Math.max(0, (x + 0.5) * step - 0.5);
            int i0 = (int) u, i1 = Math.min(i0 + 1, t - 1);
            float f = (float) (u - i0);
            float v0 = in[inStart + i0], v1 = in[inStart + i1];
            out[outStart + x] = v0 + f * (v1 - v0);
        }
    }
}
