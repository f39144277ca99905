package org.protoface.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LandmarkTest {
    private static final long SEED = 11;

    /**
     * Recomputes the landmarks in double precision from the public trait and nuisance values and
     * the documented geometry: features slide by 0.1*yaw (nose tip 1.6x further), smiling lifts the
     * corners by {@code smile} and widens the mouth by 3*smile, the head is squeezed by
     * 1 - 0.28|yaw|, scaled by 0.9*scale, rotated and shifted (plus 0.06 down); pixel centres at
     * integer coordinates.
     */
    private static double[] expectedLandmarks(FaceTraits t, Nuisance n, int size) {
        double shift = 0.10 * n.yaw;
        double mouthHalf = t.mouthHalfWidth * (1 + 3 * Math.max(0, n.smile));
        double[] face = {
            -t.eyeHalfSpacing + shift, t.eyeY,
            t.eyeHalfSpacing + shift, t.eyeY,
            1.6 * shift, t.noseTipY,
            shift - mouthHalf, t.mouthY - n.smile,
            shift + mouthHalf, t.mouthY - n.smile
        };
        double squeeze = 1 - 0.28 * Math.abs(n.yaw);
        double scale = 0.9 * n.scale;
        double c = Math.cos(n.rotation);
        double s = Math.sin(n.rotation);
        double[] out = new double[10];
        for (int k = 0; k < 5; k++) {
            double u = face[2 * k] * squeeze;
            double v = face[2 * k + 1];
            double x = n.shiftX + scale * (c * u - s * v);
            double y = n.shiftY + 0.06 + scale * (s * u + c * v);
            out[2 * k] = (x + 1) * size / 2 - 0.5;
            out[2 * k + 1] = (y + 1) * size / 2 - 0.5;
        }
        return out;
    }

    @Test
    void landmarksFollowTheAppliedPoseAndExpression() {
        for (int size : new int[] {32, 64, 112}) {
            SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(SEED, size, 1.0);
            for (int identity = 0; identity < 10; identity++) {
                for (int sample = 0; sample < 5; sample++) {
                    float[] actual = renderer.render(identity, sample).landmarks();
                    double[] expected = expectedLandmarks(FaceTraits.of(SEED, identity),
                            renderer.nuisance(identity, sample), size);
                    for (int i = 0; i < 10; i++) {
                        assertThat((double) actual[i]).as("size %d identity %d sample %d value %d", size, identity, sample, i)
                                .isCloseTo(expected[i], within(2e-3 * size / 32));
                    }
                }
            }
        }
    }

    @Test
    void landmarksLieInsideTheImageInTheRightArrangement() {
        for (int size : new int[] {32, 64}) {
            SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(SEED, size, 1.0);
            for (int identity = 100; identity < 300; identity++) {
                int sample = identity % 16;
                float[] p = renderer.render(identity, sample).landmarks();
                for (int i = 0; i < 10; i++) {
                    assertThat(p[i]).as("identity %d value %d", identity, i).isBetween(-0.5f, size - 0.5f);
                }
                double rotation = renderer.nuisance(identity, sample).rotation;
                // Left eye and left mouth corner are on the image left (rotation is at most 20 degrees).
                assertThat(p[0]).isLessThan(p[2]);
                assertThat(p[6]).isLessThan(p[8]);
                // In the face's rotated frame (down = (-sin r, cos r)), nose below eyes, mouth below nose.
                double downX = -Math.sin(rotation);
                double downY = Math.cos(rotation);
                double eyes = downX * (p[0] + p[2]) / 2 + downY * (p[1] + p[3]) / 2;
                double nose = downX * p[4] + downY * p[5];
                double mouth = downX * (p[6] + p[8]) / 2 + downY * (p[7] + p[9]) / 2;
                assertThat(nose).isGreaterThan(eyes);
                assertThat(mouth).isGreaterThan(nose);
            }
        }
    }

    @Test
    void landmarksMoveWithTheShiftBetweenTwoPhotos() {
        SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(SEED, 64, 1.0);
        for (int identity = 0; identity < 20; identity++) {
            Nuisance a = renderer.nuisance(identity, 0);
            Nuisance b = renderer.nuisance(identity, 1);
            float[] pa = renderer.render(identity, 0).landmarks();
            float[] pb = renderer.render(identity, 1).landmarks();
            // The centroid of the two eyes sits at face point (0.1*yaw, eyeY): its displacement between the
            // photos is predicted from the two nuisances alone.
            FaceTraits t = FaceTraits.of(SEED, identity);
            double[] ca = eyeCentre(t, a, 64);
            double[] cb = eyeCentre(t, b, 64);
            assertThat((double) (pb[0] + pb[2]) / 2 - (pa[0] + pa[2]) / 2).isCloseTo(cb[0] - ca[0], within(0.01));
            assertThat((double) (pb[1] + pb[3]) / 2 - (pa[1] + pa[3]) / 2).isCloseTo(cb[1] - ca[1], within(0.01));
            // The eye line is tilted by the in-plane rotation.
            assertThat(Math.atan2(pa[3] - pa[1], pa[2] - pa[0])).isCloseTo(a.rotation, within(1e-3));
        }
    }

    private static double[] eyeCentre(FaceTraits t, Nuisance n, int size) {
        double u = 0.1 * n.yaw * (1 - 0.28 * Math.abs(n.yaw));
        double v = t.eyeY;
        double scale = 0.9 * n.scale;
        double x = n.shiftX + scale * (Math.cos(n.rotation) * u - Math.sin(n.rotation) * v);
        double y = n.shiftY + 0.06 + scale * (Math.sin(n.rotation) * u + Math.cos(n.rotation) * v);
        return new double[] {(x + 1) * size / 2 - 0.5, (y + 1) * size / 2 - 0.5};
    }

    @Test
    void eyeLandmarksSitOnTheDarkIrisBetweenBrightSclera() {
        // Canonical photos (difficulty 0: frontal, no lighting, blur or noise) at a large size where the
        // sclera is several pixels wide; identities whose iris covers the eye width are skipped.
        int size = 256;
        SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(SEED, size, 0.0);
        double pixelsPerUnit = 0.9 * size / 2;
        int checked = 0;
        for (int identity = 0; identity < 40 && checked < 15; identity++) {
            FaceTraits t = FaceTraits.of(SEED, identity);
            if (t.irisRadius > 0.6 * t.eyeHalfWidth) {
                continue;
            }
            checked++;
            RenderedFace face = renderer.render(identity, 0);
            float[] p = face.landmarks();
            for (int eye = 0; eye < 2; eye++) {
                double x = p[2 * eye];
                double y = p[2 * eye + 1];
                double centre = luminance(face, x, y);
                double reach = 0.8 * t.eyeHalfWidth * pixelsPerUnit;
                double sclera = (luminance(face, x - reach, y) + luminance(face, x + reach, y)) / 2;
                assertThat(centre).as("identity %d eye %d", identity, eye).isLessThan(sclera - 40);
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    private static double luminance(RenderedFace face, double x, double y) {
        int col = (int) Math.round(x);
        int row = (int) Math.round(y);
        return 0.299 * face.value(col, row, 0) + 0.587 * face.value(col, row, 1) + 0.114 * face.value(col, row, 2);
    }

    @Test
    void canonicalPhotosOfOneIdentityShareLandmarks() {
        SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(SEED, 64, 0.0);
        assertThat(renderer.render(5, 1).landmarks()).isEqualTo(renderer.render(5, 2).landmarks());
        assertThat(renderer.render(6, 1).landmarks()).isNotEqualTo(renderer.render(5, 1).landmarks());
    }
}
