package org.protoface.data.augment;

import org.junit.jupiter.api.Test;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.ImageOps;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each operation against an independent double-precision computation written here. */
class AugmentOpsTest {
    private static final int S = 16, PLANE = S * S, OFF = 3;

    private static float[] random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[OFF + 3 * PLANE];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
        return a;
    }

    private static float[] constant(float v) {
        float[] a = new float[OFF + 3 * PLANE];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static double at(float[] a, int c, int y, int x) {
        return a[OFF + c * PLANE + y * S + x];
    }

    @Test
    void flipMirrorsEveryRowOfEveryChannel() {
        float[] a = random(1);
        float[] o = a.clone();
        ImageOps.flipHorizontal(a, OFF, S);
        for (int c = 0; c < 3; c++) for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
            assertThat(at(a, c, y, x)).isEqualTo(at(o, c, y, S - 1 - x));
        }
    }

    @Test
    void grayscaleIsTheBt601Luminance() {
        float[] a = random(2);
        float[] o = a.clone();
        ColourOps.grayscale(a, OFF, S);
        for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
            double lum = 0.299 * at(o, 0, y, x) + 0.587 * at(o, 1, y, x) + 0.114 * at(o, 2, y, x);
            for (int c = 0; c < 3; c++) assertThat(at(a, c, y, x)).isCloseTo(lum, within(1e-6));
        }
    }

    @Test
    void grayscaleOfNormalisedValuesEqualsNormalisedLuminanceOf8BitValues() {
        // (r, g, b) = (200, 30, 90): luminance 0.299*200 + 0.587*30 + 0.114*90 = 87.67
        float[] a = new float[3];
        a[0] = (200 / 255f - 0.5f) / 0.5f;
        a[1] = (30 / 255f - 0.5f) / 0.5f;
        a[2] = (90 / 255f - 0.5f) / 0.5f;
        ColourOps.grayscale(a, 0, 1);
        assertThat((double) a[0]).isCloseTo((87.67 / 255 - 0.5) / 0.5, within(1e-5));
    }

    @Test
    void brightnessScalesIntensitiesTowardsBlackAndClips() {
        float[] a = random(3);
        float[] o = a.clone();
        ColourOps.jitter(a, OFF, S, 1.3f, 1f, 1f);
        for (int i = OFF; i < a.length; i++) {
            double v = (o[i] + 1) / 2 * 1.3;                 // [0, 1] intensity times the factor
            double expected = Math.min(1, v) * 2 - 1;
            assertThat((double) a[i]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void contrastBlendsWithTheMeanLuminanceAndSaturationWithThePixelLuminance() {
        float[] a = random(4);
        for (int i = OFF; i < a.length; i++) a[i] *= 0.4f;      // stay clear of clipping
        float[] o = a.clone();
        ColourOps.jitter(a, OFF, S, 1f, 0.7f, 1f);
        double mean = 0;
        for (int p = 0; p < PLANE; p++) mean += 0.299 * o[OFF + p] + 0.587 * o[OFF + PLANE + p] + 0.114 * o[OFF + 2 * PLANE + p];
        mean /= PLANE;
        for (int i = OFF; i < a.length; i++) assertThat((double) a[i]).isCloseTo(mean + 0.7 * (o[i] - mean), within(1e-5));

        float[] b = o.clone();
        ColourOps.jitter(b, OFF, S, 1f, 1f, 1.5f);
        for (int p = 0; p < PLANE; p++) {
            double lum = 0.299 * o[OFF + p] + 0.587 * o[OFF + PLANE + p] + 0.114 * o[OFF + 2 * PLANE + p];
            for (int c = 0; c < 3; c++) {
                double expected = Math.max(-1, Math.min(1, lum + 1.5 * (o[OFF + c * PLANE + p] - lum)));
                assertThat((double) b[OFF + c * PLANE + p]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void jitterThroughTheAugmenterStaysWithinItsBrightnessBounds() {
        double strength = 0.25;
        // brightness only: contrast and saturation strengths 0 give factors of exactly 1
        Augmenter aug = new Augmenter(new AugmentConfig(0, 0, 1, 0, 1, 1, 0, 1, strength, 0, 0));
        boolean changed = false;
        for (long seed = 0; seed < 30; seed++) {
            float[] a = random(5);
            float[] o = a.clone();
            aug.apply(a, OFF, seed, aug.workspace(S));
            for (int i = OFF; i < a.length; i++) {
                double lo = Math.max(-1, (o[i] + 1) * (1 - strength) - 1), hi = Math.min(1, (o[i] + 1) * (1 + strength) - 1);
                assertThat((double) a[i]).isBetween(lo - 1e-5, hi + 1e-5);
                if (a[i] != o[i]) changed = true;
            }
        }
        assertThat(changed).isTrue();
    }

    @Test
    void blurKeepsAConstantImageConstant() {
        float[] a = constant(0.37f);
        GaussianBlur.apply(a, OFF, S, 1.7, new float[2 * GaussianBlur.radius(1.7) + 1], new float[PLANE]);
        for (int i = OFF; i < a.length; i++) assertThat((double) a[i]).isCloseTo(0.37, within(1e-6));
    }

    @Test
    void blurOfAnImpulseIsTheNormalisedSampledGaussian() {
        double sigma = 1.2;
        int r = (int) Math.ceil(3 * sigma);
        double norm = 0;
        for (int k = -r; k <= r; k++) norm += Math.exp(-k * k / (2 * sigma * sigma));
        float[] a = constant(0);
        int cy = 8, cx = 7;
        a[OFF + PLANE + cy * S + cx] = 1;                       // green channel only
        GaussianBlur.apply(a, OFF, S, sigma, new float[2 * r + 1], new float[PLANE]);
        for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
            int dy = y - cy, dx = x - cx;
            double expected = Math.abs(dy) <= r && Math.abs(dx) <= r
                    ? Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) / (norm * norm) : 0;
            assertThat(at(a, 1, y, x)).as("(%d, %d)", x, y).isCloseTo(expected, within(1e-6));
            assertThat(at(a, 0, y, x)).isZero();
        }
    }

    @Test
    void blurNearTheBorderRepeatsTheEdgePixel() {
        // 1-D check along a row: a random image that is constant down each column, so the vertical
        // pass is the identity and each row must equal the 1-D blur with clamped indices
        double sigma = 2.0;
        int r = (int) Math.ceil(3 * sigma);                      // 6: wider than a third of the image
        double[] w = new double[2 * r + 1];
        double norm = 0;
        for (int k = -r; k <= r; k++) norm += w[k + r] = Math.exp(-k * k / (2 * sigma * sigma));
        float[] a = random(8);
        for (int c = 0; c < 3; c++) for (int y = 1; y < S; y++) System.arraycopy(a, OFF + c * PLANE, a, OFF + c * PLANE + y * S, S);
        float[] o = a.clone();
        GaussianBlur.apply(a, OFF, S, sigma, new float[2 * r + 1], new float[PLANE]);
        for (int c = 0; c < 3; c++) for (int x = 0; x < S; x++) {
            double expected = 0;
            for (int k = -r; k <= r; k++) expected += w[k + r] / norm * at(o, c, 0, Math.max(0, Math.min(S - 1, x + k)));
            for (int y = 0; y < S; y++) assertThat(at(a, c, y, x)).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void resizeDownAndBackKeepsAConstantImageConstant() {
        for (int t : new int[] {1, 5, 8, 11, 15}) {
            float[] a = constant(-0.6f);
            LowResolution.apply(a, OFF, S, t, new float[PLANE], new float[PLANE]);
            for (int i = OFF; i < a.length; i++) assertThat((double) a[i]).as("t=%d", t).isCloseTo(-0.6, within(1e-6));
        }
    }

    @Test
    void halvingAveragesTwoByTwoBlocksAndBilinearUpsamplingRestoresALinearRampInside() {
        // a horizontal ramp v(x) = 0.1 x - 0.8: 2x2 block means sit at x = 2j + 0.5, where the ramp
        // is linear, so interpolating them reproduces the ramp except at the clamped edge pixels
        float[] a = new float[OFF + 3 * PLANE];
        for (int c = 0; c < 3; c++) for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
            a[OFF + c * PLANE + y * S + x] = (float) (0.1 * x - 0.8);
        }
        LowResolution.apply(a, OFF, S, S / 2, new float[PLANE], new float[PLANE]);
        for (int c = 0; c < 3; c++) for (int y = 0; y < S; y++) {
            for (int x = 1; x < S - 1; x++) assertThat(at(a, c, y, x)).isCloseTo(0.1 * x - 0.8, within(1e-5));
            assertThat(at(a, c, y, 0)).isCloseTo(0.1 * 0.5 - 0.8, within(1e-5));          // first block mean
            assertThat(at(a, c, y, S - 1)).isCloseTo(0.1 * (S - 1.5) - 0.8, within(1e-5)); // last block mean
        }
    }

    @Test
    void resizeToOnePixelGivesTheImageMeanPerChannel() {
        float[] a = random(6);
        float[] o = a.clone();
        LowResolution.apply(a, OFF, S, 1, new float[PLANE], new float[PLANE]);
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int p = 0; p < PLANE; p++) mean += o[OFF + c * PLANE + p];
            mean /= PLANE;
            for (int p = 0; p < PLANE; p++) assertThat((double) a[OFF + c * PLANE + p]).isCloseTo(mean, within(1e-5));
        }
    }
}
