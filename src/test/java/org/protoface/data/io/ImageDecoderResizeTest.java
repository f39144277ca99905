package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.TestImages;

import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.function.IntBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The decoder's resize (OpenCV: {@code INTER_AREA} when shrinking, {@code INTER_LINEAR} when
 * enlarging, as the field's loaders) against independent double-precision references: the area
 * average as the block mean of the image replicated to a common multiple of both sizes, and
 * bilinear enlargement as the 2-D interpolation formula at each output pixel's centre. Inputs are
 * lossless PNGs, so the only differences are the decoder's rounding to 8 bits.
 */
class ImageDecoderResizeTest {
    /** Half a level of rounding, plus the fixed-point and float sums of OpenCV's kernels. */
    private static final double AREA_TOLERANCE = 0.51, BILINEAR_TOLERANCE = 1.01;

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

    /** Decodes {@code src} as a PNG at {@code side} and checks every channel against {@code reference} (0..255). */
    private static void assertDecodedMatches(BufferedImage src, int side, double[][][] reference, double levels) throws CorruptRecordException {
        float[] dst = new float[3 * side * side];
        new ImageDecoder(ImageOptions.of(side)).decode(TestImages.encode(src, "png"), "pattern.png", dst, 0);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double expected = (reference[c][y][x] / 255 - 0.5) / 0.5;
                    assertThat((double) dst[c * side * side + y * side + x]).as("channel %d at (%d, %d)", c, x, y)
                            .isCloseTo(expected, within(levels / 127.5));
                }
            }
        }
    }

    private static double[][][] area(BufferedImage src, int side) {
        double[][][] ref = new double[3][][];
        for (int c = 0; c < 3; c++) ref[c] = areaReference(src, side, side, c);
        return ref;
    }

    private static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        return image(w, h, (x, y) -> r.nextInt(1 << 24));
    }

    @Test
    void shrinkingIsTheExactAreaAverageAtFractionalRatios() throws CorruptRecordException {
        // 112 -> 32 (3.5, the cpu preset reading 112 px records), 50 -> 7 (7.14...), 6 -> 1 (the mean)
        int[][] cases = {{112, 32}, {50, 7}, {6, 1}};
        for (int[] k : cases) {
            BufferedImage src = noise(k[0], k[0], k[0] * 31L + k[1]);
            assertDecodedMatches(src, k[1], area(src, k[1]), AREA_TOLERANCE);
        }
    }

    @Test
    void stripesCheckerboardAndRampShrinkByAreaAverage() throws CorruptRecordException {
        // detail that aliases under point sampling: 1-px stripes, a 3-px checkerboard, a ramp
        BufferedImage src = image(112, 112, (x, y) -> {
            int r = x % 2 == 0 ? 255 : 0;
            int g = ((x / 3 + y / 3) & 1) == 0 ? 230 : 20;
            int b = (x * 2 + y) & 0xff;
            return r << 16 | g << 8 | b;
        });
        assertDecodedMatches(src, 32, area(src, 32), AREA_TOLERANCE);
    }

    @Test
    void thinLinesKeepTheirShareOfLight() throws CorruptRecordException {
        // a one-pixel white line every 7 columns on black: 1/7 of the light. Bilinear sampling at
        // 112 -> 32 (what the decoder did before) reads positions 1.25 and 4.75 of each 7-pixel
        // period, both black, and the lines vanish; the area average keeps every line's share:
        // [0, 3.5) holds line 0, [3.5, 7) none, [7, 10.5) line 7, so 255 / 3.5 and 0 alternate
        BufferedImage lines = image(112, 112, (x, y) -> x % 7 == 0 ? 0xffffff : 0);
        float[] dst = new float[3 * 32 * 32];
        new ImageDecoder(ImageOptions.of(32)).decode(TestImages.encode(lines, "png"), "lines.png", dst, 0);
        double mean = 0;
        for (int i = 0; i < 32 * 32; i++) mean += (dst[i] * 0.5 + 0.5) * 255;
        assertThat(mean / (32 * 32)).isCloseTo(255.0 / 7, within(0.5));
        for (int x = 0; x < 32; x++) {
            assertThat((dst[32 * 5 + x] * 0.5 + 0.5) * 255).as("column %d", x).isCloseTo(x % 2 == 0 ? 255 / 3.5 : 0, within(AREA_TOLERANCE));
        }
    }

    @Test
    void enlargingIsBilinearWithAlignedPixelCentres() throws CorruptRecordException {
        BufferedImage src = noise(8, 8, 17);
        double[][][] ref = new double[3][][];
        for (int c = 0; c < 3; c++) ref[c] = bilinearReference(src, 32, 32, c);
        assertDecodedMatches(src, 32, ref, BILINEAR_TOLERANCE);
    }
}
