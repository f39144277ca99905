package org.protoface.pipeline.align;

import org.junit.jupiter.api.Test;
import org.protoface.data.synthetic.Nuisance;
import org.protoface.data.synthetic.RenderedFace;
import org.protoface.data.synthetic.SyntheticDataset;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.pipeline.detect.Point2;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Alignment on ProtoFace's synthetic faces, whose in-plane rotation is known from their nuisance. */
class SyntheticFaceAlignmentTest {
    private static final long SEED = 7, OFFSET = 1L << 30;
    private static final SyntheticDataset DATA = new SyntheticDataset(new SyntheticSpec(6, 6, 112, SEED, OFFSET, 1.0));

    @Test
    void eyeAlignmentUndoesTheRenderedRotationAndPutsTheEyesOnTheTemplate() {
        AlignmentTemplate template = AlignmentTemplate.arcface(112);
        for (int id = 0; id < 6; id++) {
            for (int s = 0; s < 6; s++) {
                RenderedFace face = DATA.render(id, s);
                List<Point2> lm = points(face.landmarks());
                SimilarityTransform t = template.transformFor(lm.subList(0, 2));
                // the renderer turns the face by nuisance.rotation; the eyes lie on one face-frame row,
                // so their line in the photo has exactly that angle, and alignment turns it back
                // (the template's own eye line tilts by atan2(51.5014 - 51.6963, 73.5318 - 38.2946))
                double rendered = Nuisance.of(SEED, OFFSET + id, s, 1.0).rotation;
                double templateTilt = Math.atan2(51.5014 - 51.6963, 73.5318 - 38.2946);
                assertThat(t.rotation()).as("identity %d sample %d", id, s).isCloseTo(templateTilt - rendered, within(1e-4));
                for (int e = 0; e < 2; e++) {
                    Point2 p = t.apply(lm.get(e));
                    assertThat(Math.hypot(p.x() - template.points().get(e).x(), p.y() - template.points().get(e).y())).isLessThan(2.0);
                }
            }
        }
    }

    @Test
    void alignedCropsOfOneIdentityAreMoreAlikeThanTheRawPhotos() {
        FaceAligner aligner = new FaceAligner(AlignmentTemplate.arcface(112));
        double raw = 0, aligned = 0;
        int pairs = 0;
        for (int id = 0; id < 6; id++) {
            List<float[]> rawImages = new ArrayList<>(), alignedImages = new ArrayList<>();
            for (int s = 0; s < 6; s++) {
                RenderedFace face = DATA.render(id, s);
                BufferedImage photo = image(face);
                rawImages.add(grey(photo));
                SimilarityTransform t = aligner.template().transformFor(points(face.landmarks()));
                alignedImages.add(grey(BilinearWarp.toImage(photo, t, 112)));
            }
            for (int a = 0; a < 6; a++) {
                for (int b = a + 1; b < 6; b++) {
                    raw += meanAbsDiff(rawImages.get(a), rawImages.get(b));
                    aligned += meanAbsDiff(alignedImages.get(a), alignedImages.get(b));
                    pairs++;
                }
            }
        }
        // faces turned by up to 20 degrees, scaled and shifted differ much more pixel by pixel than once aligned
        assertThat(aligned / pairs).isLessThan(0.8 * raw / pairs);
    }

    static List<Point2> points(float[] xy) {
        List<Point2> p = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) p.add(new Point2(xy[i], xy[i + 1]));
        return p;
    }

    static BufferedImage image(RenderedFace f) {
        BufferedImage img = new BufferedImage(f.size(), f.size(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < f.size(); y++) {
            for (int x = 0; x < f.size(); x++) img.setRGB(x, y, (f.value(x, y, 0) << 16) | (f.value(x, y, 1) << 8) | f.value(x, y, 2));
        }
        return img;
    }

    /** The central 64 x 64 region (the face; backgrounds vary by design) as grey levels. */
    private static float[] grey(BufferedImage img) {
        int off = (img.getWidth() - 64) / 2;
        float[] g = new float[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int p = img.getRGB(off + x, off + y);
                g[y * 64 + x] = (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff)) / 3f;
            }
        }
        return g;
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
        return s / a.length;
    }
}
