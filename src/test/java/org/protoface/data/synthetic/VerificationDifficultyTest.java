package org.protoface.data.synthetic;

import org.protoface.head.Scores;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The synthetic task must be hard for raw pixels yet carry a consistent identity signal. Pairs use
 * held-out identities (offset 2^30), interleaved same / different as in LFW-style pair lists.
 */
class VerificationDifficultyTest {
    private static final long SEED = 7;
    private static final long HELD_OUT = 1L << 30;
    private static final int PAIRS = 300;
    /** Canonical landmark positions in a 24 x 24 crop (eyes, nose tip, mouth corners). */
    private static final double[] TEMPLATE = {7, 8, 17, 8, 12, 12.5, 8, 17, 16, 17};
    private static final int CROP = 24;

    private record Scores(double[] scores, boolean[] same) {
    }

    private static Scores pairScores(SyntheticFaceRenderer renderer, Function<RenderedFace, float[]> features) {
        double[] scores = new double[2 * PAIRS];
        boolean[] same = new boolean[2 * PAIRS];
        for (int p = 0; p < PAIRS; p++) {
            long identity = HELD_OUT + p;
            scores[2 * p] = PairAccuracy.cosine(features.apply(renderer.render(identity, 0)),
                    features.apply(renderer.render(identity, 1)));
            same[2 * p] = true;
            scores[2 * p + 1] = PairAccuracy.cosine(features.apply(renderer.render(identity, 2)),
                    features.apply(renderer.render(HELD_OUT + PAIRS + p, 0)));
        }
        return new Scores(scores, same);
    }

    /** The network input: normalised pixels (x/255 - 0.5)/0.5, computed here from the bytes. */
    private static float[] rawPixels(RenderedFace face) {
        byte[] rgb = face.rgb();
        float[] v = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            v[i] = ((rgb[i] & 0xFF) / 255f - 0.5f) / 0.5f;
        }
        return v;
    }

    /**
     * Warps the face with the least-squares similarity that maps TEMPLATE onto its landmarks
     * (bilinear sampling) and standardises the crop: an untrained "aligned pixels" verifier.
     */
    private static float[] alignedCrop(RenderedFace face) {
        float[] p = face.landmarks();
        double mx = 0, my = 0, tx = 0, ty = 0;
        for (int k = 0; k < 5; k++) {
            mx += p[2 * k] / 5.0;
            my += p[2 * k + 1] / 5.0;
            tx += TEMPLATE[2 * k] / 5.0;
            ty += TEMPLATE[2 * k + 1] / 5.0;
        }
        double a = 0, b = 0, norm = 0;
        for (int k = 0; k < 5; k++) {
            double sx = TEMPLATE[2 * k] - tx, sy = TEMPLATE[2 * k + 1] - ty;
            double dx = p[2 * k] - mx, dy = p[2 * k + 1] - my;
            a += sx * dx + sy * dy;
            b += sx * dy - sy * dx;
            norm += sx * sx + sy * sy;
        }
        a /= norm;
        b /= norm;
        float[] crop = new float[CROP * CROP * 3];
        double mean = 0;
        for (int y = 0; y < CROP; y++) {
            for (int x = 0; x < CROP; x++) {
                double sx = x - tx, sy = y - ty;
                double ix = a * sx - b * sy + mx;
                double iy = b * sx + a * sy + my;
                for (int c = 0; c < 3; c++) {
                    float value = (float) bilinear(face, ix, iy, c);
                    crop[(y * CROP + x) * 3 + c] = value;
                    mean += value;
                }
            }
        }
        mean /= crop.length;
        for (int i = 0; i < crop.length; i++) {
            crop[i] -= (float) mean;
        }
        return crop;
    }

    private static double bilinear(RenderedFace face, double x, double y, int channel) {
        int n = face.size() - 1;
        x = Math.max(0, Math.min(n, x));
        y = Math.max(0, Math.min(n, y));
        int x0 = Math.min((int) x, n - 1), y0 = Math.min((int) y, n - 1);
        double fx = x - x0, fy = y - y0;
        return (1 - fx) * (1 - fy) * face.value(x0, y0, channel) + fx * (1 - fy) * face.value(x0 + 1, y0, channel)
                + (1 - fx) * fy * face.value(x0, y0 + 1, channel) + fx * fy * face.value(x0 + 1, y0 + 1, channel);
    }

    @Test
    void rawPixelCosineIsAWeakVerifierAt32And64() {
        for (int size : new int[] {32, 64}) {
            Scores s = pairScores(new SyntheticFaceRenderer(SEED, size, 1.0), VerificationDifficultyTest::rawPixels);
            double best = PairAccuracy.bestThreshold(s.scores(), s.same());
            double tenFold = PairAccuracy.tenFold(s.scores(), s.same());
            System.out.printf("raw pixels %d px: best-threshold %.3f, 10-fold %.3f%n", size, best, tenFold);
            assertThat(best).as("best-threshold accuracy at %d px", size).isLessThanOrEqualTo(0.72);
            assertThat(tenFold).as("10-fold accuracy at %d px", size).isLessThanOrEqualTo(0.75);
        }
    }

    @Test
    void alignedFacesCarryAConsistentIdentitySignal() {
        SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(SEED, 32, 1.0);
        Scores rawScores = pairScores(renderer, VerificationDifficultyTest::rawPixels);
        double raw = PairAccuracy.bestThreshold(rawScores.scores(), rawScores.same());
        Scores aligned = pairScores(renderer, VerificationDifficultyTest::alignedCrop);
        double alignedAccuracy = PairAccuracy.bestThreshold(aligned.scores(), aligned.same());
        Scores canonical = pairScores(new SyntheticFaceRenderer(SEED, 32, 0.0), VerificationDifficultyTest::alignedCrop);
        double canonicalAccuracy = PairAccuracy.bestThreshold(canonical.scores(), canonical.same());
        System.out.printf("32 px: raw %.3f, aligned %.3f, aligned canonical (difficulty 0) %.3f%n", raw, alignedAccuracy,
                canonicalAccuracy);
        // Removing only the pose (with the landmarks) already recovers much of the identity, so the
        // signal survives the other nuisances; without any nuisance the identities are clearly distinct.
        assertThat(alignedAccuracy).isGreaterThan(raw + 0.1);
        assertThat(canonicalAccuracy).isGreaterThan(0.85);
    }
}
