package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.TestImages;

import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.function.IntBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ImageResizer} against independent double-precision references: the area average as the
 * block mean of the image replicated to a common multiple of both sizes (a different route from
 * the resizer's per-axis interval weights), and bilinear enlargement as the 2-D interpolation
 * formula evaluated at each output pixel's centre.
 */
class ImageResizerTest {
    /** The resizer rounds each channel once; the references are exact, so half a level apart at most. */
    private static final double HALF_LEVEL = 0.5 + 1e-9;

    private static BufferedImage image(int w, int h, IntBinaryOperator rgbAt) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgbAt.applyAsInt(x, y));
        return img;
    }

    private static int channel(int rgb, int c) {
        return rgb >> (16 - 8 * c) & 0xff;
    }

    /**
     * Area average of channel c: replicate every pixel (t / g) times along each axis (g the gcd of
     * the sizes), which puts both grids on whole pixels of one fine image, then take the mean of
     * each (n / g) x (n / g) block.
     */
    static double[][] areaReference(BufferedImage src, int tw, int th, int c) {
        int w = src.getWidth(), h = src.getHeight();
        int gx = gcd(w, tw), gy = gcd(h, th);
        int repX = tw / gx, repY = th / gy, blockX = w / gx, blockY = h / gy;
        double[][] out = new double[th][tw];
        for (int oy = 0; oy < th; oy++) {
            for (int ox = 0; ox < tw; ox++) {
                double sum = 0;
                for (int fy = oy * blockY; fy < (oy + 1) * blockY; fy++) {
                    for (int fx = ox * blockX; fx < (ox + 1) * blockX; fx++) {
                        sum += channel(src.getRGB(fx / repX, fy / repY), c);
                    }
                }
                out[oy][ox] = sum / ((double) blockX * blockY);
            }
        }
        return out;
    }

    /** Bilinear surface through the pixel centres, read at ((x + 0.5) w / tw - 0.5, (y + 0.5) h / th - 0.5), clamped. */
    static double[][] bilinearReference(BufferedImage src, int tw, int th, int c) {
        int w = src.getWidth(), h = src.getHeight();
        double[][] out = new double[th][tw];
        for (int oy = 0; oy < th; oy++) {
            double v = Math.min(h - 1, Math.max(0, (oy + 0.5) * h / th - 0.5));
            for (int ox = 0; ox < tw; ox++) {
                double u = Math.min(w - 1, Math.max(0, (ox + 0.5) * w / tw - 0.5));
                int x0 = (int) Math.floor(u), y0 = (int) Math.floor(v);
                int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
                double fx = u - x0, fy = v - y0;
                out[oy][ox] = (1 - fx) * (1 - fy) * channel(src.getRGB(x0, y0), c) + fx * (1 - fy) * channel(src.getRGB(x1, y0), c)
                        + (1 - fx) * fy * channel(src.getRGB(x0, y1), c) + fx * fy * channel(src.getRGB(x1, y1), c);
            }
        }
        return out;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static void assertMatches(BufferedImage actual, double[][][] reference) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < reference[c].length; y++) {
                for (int x = 0; x < reference[c][y].length; x++) {
                    assertThat((double) channel(actual.getRGB(x, y), c)).as("channel %d at (%d, %d)", c, x, y)
                            .isCloseTo(reference[c][y][x], within(HALF_LEVEL));
                }
            }
        }
    }

    private static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        return image(w, h, (x, y) -> r.nextInt(1 << 24));
    }

    @Test
    void shrinkingIsTheExactAreaAverageAtFractionalRatios() {
        // 112 -> 32 (3.5), 50 -> 7 (7.14...), 9 x 13 -> 4 x 5 (different ratio per axis), 6 -> 1 (the image mean)
        int[][] cases = {{112, 112, 32, 32}, {50, 50, 7, 7}, {9, 13, 4, 5}, {6, 6, 1, 1}};
        for (int[] k : cases) {
            BufferedImage src = noise(k[0], k[1], k[0] * 31L + k[2]);
            BufferedImage out = ImageResizer.resize(src, k[2], k[3]);
            assertThat(out.getWidth()).isEqualTo(k[2]);
            assertThat(out.getHeight()).isEqualTo(k[3]);
            double[][][] ref = new double[3][][];
            for (int c = 0; c < 3; c++) ref[c] = areaReference(src, k[2], k[3], c);
            assertMatches(out, ref);
        }
    }

    @Test
    void enlargingIsBilinearWithAlignedPixelCentres() {
        int[][] cases = {{8, 8, 32, 32}, {5, 7, 12, 9}, {1, 1, 3, 3}};
        for (int[] k : cases) {
            BufferedImage src = noise(k[0], k[1], k[0] * 17L + k[2]);
            BufferedImage out = ImageResizer.resize(src, k[2], k[3]);
            double[][][] ref = new double[3][][];
            for (int c = 0; c < 3; c++) ref[c] = bilinearReference(src, k[2], k[3], c);
            assertMatches(out, ref);
        }
    }

    @Test
    void thinLinesKeepTheirShareOfLightWhereBilinearSamplingLosesThem() {
        // a one-pixel white line every 7 columns on black: 1/7 of the light. Sampling two of every
        // 3.5 pixels at 112 -> 32 reads positions 1.25 and 4.75 of each 7-pixel period, both black,
        // and the lines vanish; the area average keeps every line's share.
        BufferedImage lines = image(112, 112, (x, y) -> x % 7 == 0 ? 0xffffff : 0);
        BufferedImage out = ImageResizer.resize(lines, 32, 32);
        double mean = 0;
        for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) mean += channel(out.getRGB(x, y), 0);
        mean /= 32 * 32;
        assertThat(mean).isCloseTo(255.0 / 7, within(0.5));
        // each output column covers 3.5 input columns: [0, 3.5) holds line 0, [3.5, 7) none, [7, 10.5)
        // line 7, and so on: 255 / 3.5 and 0 alternate
        for (int x = 0; x < 32; x++) {
            assertThat((double) channel(out.getRGB(x, 5), 1)).as("column %d", x).isCloseTo(x % 2 == 0 ? 255 / 3.5 : 0, within(HALF_LEVEL));
        }
    }

    @Test
    void sameSizeIsACopy() {
        BufferedImage src = noise(10, 6, 3);
        BufferedImage out = ImageResizer.resize(src, 10, 6);
        for (int y = 0; y < 6; y++) for (int x = 0; x < 10; x++) assertThat(out.getRGB(x, y)).isEqualTo(src.getRGB(x, y));
        assertThatThrownBy(() -> ImageResizer.resize(src, 0, 4)).hasMessageContaining("at least 1 x 1, got 0 x 4");
    }

    @Test
    void theDecoderShrinksA112PixelImageByAreaAverage() throws CorruptRecordException {
        // stripes, a checkerboard and a ramp: detail that aliases under point sampling
        BufferedImage src = image(112, 112, (x, y) -> {
            int r = x % 2 == 0 ? 255 : 0;
            int g = ((x / 3 + y / 3) & 1) == 0 ? 230 : 20;
            int b = (x * 2 + y) & 0xff;
            return r << 16 | g << 8 | b;
        });
        float[] dst = new float[3 * 32 * 32];
        new ImageDecoder(ImageOptions.of(32)).decode(TestImages.encode(src, "png"), "stripes.png", dst, 0);
        for (int c = 0; c < 3; c++) {
            double[][] ref = areaReference(src, 32, 32, c);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    double expected = (ref[y][x] / 255 - 0.5) / 0.5;
                    assertThat((double) dst[c * 1024 + y * 32 + x]).as("channel %d at (%d, %d)", c, x, y)
                            .isCloseTo(expected, within(0.51 / 127.5));   // half a level, plus float sums in other resizers
                }
            }
        }
    }
}
