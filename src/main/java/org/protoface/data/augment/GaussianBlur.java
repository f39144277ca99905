package org.protoface.data.augment;

/**
 * Separable Gaussian blur with a kernel truncated at 3 sigma and normalised to sum 1. Borders
 * repeat the edge pixel, so a constant image stays exactly constant (up to float rounding).
 * Both passes loop over kernel taps outside and pixels inside, so the inner loops are plain
 * multiply-adds over contiguous rows that the JIT vectorises.
 */
public final class GaussianBlur {
    private GaussianBlur() {}

    /** Kernel radius for {@code sigma}: 3 sigma rounded up, at least 1. */
    public static int radius(double sigma) {
        return Math.max(1, (int) Math.ceil(3 * sigma));
    }

    /**
     * Blurs the 3 x s x s image at {@code offset} in place.
     *
     * @param kernel scratch of at least {@code 2 * radius(sigma) + 1} values
     * @param plane  scratch of at least {@code s * s} values
     */
    public static void apply(float[] a, int offset, int s, double sigma, float[] kernel, float[] plane) {
        int r = radius(sigma);
        fillKernel(kernel, r, sigma);
        for (int c = 0; c < 3; c++) {
            int base = offset + c * s * s;
            for (int y = 0; y < s; y++) horizontal(a, base + y * s, plane, y * s, s, kernel, r);
            for (int y = 0; y < s; y++) {
                int out = base + y * s;
                java.util.Arrays.fill(a, out, out + s, 0f);
                for (int k = -r; k <= r; k++) {
                    float w = kernel[k + r];
                    int in = clamp(y + k, s) * s;
                    for (int x = 0; x < s; x++) a[out + x] += w * plane[in + x];
                }
            }
        }
    }

    /** One row: interior pixels without index clamping, the r pixels at each edge with it. */
    private static void horizontal(float[] in, int inRow, float[] out, int outRow, int s, float[] kernel, int r) {
        java.util.Arrays.fill(out, outRow, outRow + s, 0f);
        int lo = Math.min(r, s), hi = Math.max(lo, s - r);
        for (int k = -r; k <= r; k++) {
            float w = kernel[k + r];
            int shift = inRow + k;
            for (int x = lo; x < hi; x++) out[outRow + x] += w * in[shift + x];
        }
        for (int x = 0; x < lo; x++) out[outRow + x] = edge(in, inRow, x, s, kernel, r);
        for (int x = hi; x < s; x++) out[outRow + x] = edge(in, inRow, x, s, kernel, r);
    }

    private static float edge(float[] in, int inRow, int x, int s, float[] kernel, int r) {
        float sum = 0;
        for (int k = -r; k <= r; k++) sum += kernel[k + r] * in[inRow + clamp(x + k, s)];
        return sum;
    }

    static void fillKernel(float[] kernel, int r, double sigma) {
        double total = 0;
        for (int k = -r; k <= r; k++) total += Math.exp(-k * k / (2 * sigma * sigma));
        for (int k = -r; k <= r; k++) kernel[k + r] = (float) (Math.exp(-k * k / (2 * sigma * sigma)) / total);
    }

    private static int clamp(int i, int s) {
        return i < 0 ? 0 : (i >= s ? s - 1 : i);
    }
}
