package org.protoface.data.io;

import java.awt.image.BufferedImage;

/**
 * Resizes an 8-bit RGB image the way the field's face loaders do (OpenCV's {@code INTER_AREA}
 * when shrinking, {@code INTER_LINEAR} when enlarging), one axis at a time:
 * <ul>
 *   <li>shrinking an axis from n to t pixels: output pixel j is the exact mean of the input
 *       interval [j n / t, (j + 1) n / t), pixels cut by its ends weighted by the part inside,
 *       so fractional ratios (112 -> 32 is 3.5) are averaged exactly and nothing aliases;</li>
 *   <li>enlarging an axis: bilinear interpolation with pixel centres aligned, input position
 *       (j + 0.5) n / t - 0.5, clamped to the first and last pixel;</li>
 *   <li>an axis of unchanged size is copied.</li>
 * </ul>
 * Sums run in double precision; each channel is rounded to the nearest level once, at the end.
 * Java2D's bilinear {@code drawImage} was used before: at 112 -> 32 it reads 2 of every 3.5
 * input pixels per axis, so fine detail (hair, stripes, JPEG noise) aliases into false patterns.
 */
public final class ImageResizer {
    private ImageResizer() {}

    /**
     * @param src    any {@link BufferedImage} (its sRGB pixels; {@code TYPE_INT_RGB} is read without conversion)
     * @param width  output width in pixels, >= 1
     * @param height output height in pixels, >= 1
     * @return a new {@code TYPE_INT_RGB} image of width x height
     * @throws IllegalArgumentException when a requested side is below 1
     */
    public static BufferedImage resize(BufferedImage src, int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("resize target must be at least 1 x 1, got " + width + " x " + height);
        int w = src.getWidth(), h = src.getHeight();
        // packed 0xRRGGBB straight from the raster when it holds them (what the decoder produces);
        // getRGB converts pixel by pixel through the colour model and costs more than the resize
        int[] pixels = src.getType() == BufferedImage.TYPE_INT_RGB
                ? (int[]) src.getRaster().getDataElements(0, 0, w, h, null)
                : src.getRGB(0, 0, w, h, null, 0, w);
        Taps across = Taps.of(w, width);
        Taps down = Taps.of(h, height);
        // rows first: h rows of width pixels, channels interleaved (r, g, b)
        double[] rows = new double[h * width * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < width; x++) {
                double r = 0, g = 0, b = 0;
                for (int k = across.start[x]; k < across.start[x + 1]; k++) {
                    int p = pixels[y * w + across.index[k]];
                    double wt = across.weight[k];
                    r += wt * (p >> 16 & 0xff);
                    g += wt * (p >> 8 & 0xff);
                    b += wt * (p & 0xff);
                }
                int o = (y * width + x) * 3;
                rows[o] = r;
                rows[o + 1] = g;
                rows[o + 2] = b;
            }
        }
        int[] out = new int[width * height];
        double[] acc = new double[width * 3];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(acc, 0);
            for (int k = down.start[y]; k < down.start[y + 1]; k++) {
                double wt = down.weight[k];
                int row = down.index[k] * width * 3;
                for (int i = 0; i < acc.length; i++) acc[i] += wt * rows[row + i];
            }
            for (int x = 0; x < width; x++) {
                out[y * width + x] = level(acc[3 * x]) << 16 | level(acc[3 * x + 1]) << 8 | level(acc[3 * x + 2]);
            }
        }
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        dst.getRaster().setDataElements(0, 0, width, height, out);
        return dst;
    }

    private static int level(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * For each output pixel j, the input pixels {@code index[start[j] .. start[j + 1])} and their
     * weights (summing to 1) along one axis.
     */
    private record Taps(int[] start, int[] index, double[] weight) {
        static Taps of(int n, int t) {
            if (t < n) return area(n, t);
            if (t > n) return bilinear(n, t);
            int[] start = new int[t + 1];
            int[] index = new int[t];
            double[] weight = new double[t];
            for (int j = 0; j < t; j++) {
                start[j + 1] = j + 1;
                index[j] = j;
                weight[j] = 1;
            }
            return new Taps(start, index, weight);
        }

        /** Output j averages [j r, (j + 1) r), r = n / t > 1: at most ceil(r) + 1 input pixels. */
        private static Taps area(int n, int t) {
            double ratio = (double) n / t;
            int perOutput = (int) Math.ceil(ratio) + 1;
            int[] start = new int[t + 1];
            int[] index = new int[t * perOutput];
            double[] weight = new double[t * perOutput];
            int k = 0;
            for (int j = 0; j < t; j++) {
                // integer arithmetic for the ends, so whole-pixel boundaries are exact
                long loNum = (long) j * n, hiNum = (long) (j + 1) * n;   // in units of 1 / t input pixels
                for (int i = (int) (loNum / t); i < n && (long) i * t < hiNum; i++) {
                    long overlap = Math.min(hiNum, (long) (i + 1) * t) - Math.max(loNum, (long) i * t);
                    if (overlap <= 0) continue;
                    index[k] = i;
                    weight[k] = overlap / (double) n;
                    k++;
                }
                start[j + 1] = k;
            }
            return new Taps(start, index, weight);
        }

        /** Output j interpolates at (j + 0.5) n / t - 0.5, clamped to [0, n - 1]. */
        private static Taps bilinear(int n, int t) {
            int[] start = new int[t + 1];
            int[] index = new int[2 * t];
            double[] weight = new double[2 * t];
            int k = 0;
            for (int j = 0; j < t; j++) {
                double u = Math.min(n - 1, Math.max(0, (j + 0.5) * n / t - 0.5));
                int i0 = (int) u;
                double f = u - i0;
                index[k] = i0;
                weight[k++] = 1 - f;
                if (f > 0) {
                    index[k] = i0 + 1;
                    weight[k++] = f;
                }
                start[j + 1] = k;
            }
            return new Taps(start, index, weight);
        }
    }
}
