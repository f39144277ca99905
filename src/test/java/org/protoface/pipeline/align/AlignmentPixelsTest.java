package org.protoface.pipeline.align;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faces drawn with known rotation and scale: five bright spots at the template's points, turned,
 * scaled and moved into a larger photo. Aligning from the known spot positions must bring the
 * spots back onto the template in the crop's pixels (located by intensity centroid, independently
 * of the transform code).
 */
class AlignmentPixelsTest {
    @ParameterizedTest(name = "crop {0} px, rotation {1} deg, scale {2}")
    @CsvSource({
        "112, 25, 2.5",    // shrinking: supersampled
        "112, -15, 0.8",   // enlarging
        "112, 170, 1.3",   // upside down
        "32, 10, 3.0",     // the cpu preset's crop size
    })
    void spotsLandOnTheTemplate(int size, double degrees, double scale) {
        AlignmentTemplate template = AlignmentTemplate.arcface(size);
        double angle = Math.toRadians(degrees);
        // spot radius 2.5 px in a 112 crop, scaled like the template
        double sigmaCrop = 2.5 * size / 112.0, sigmaPhoto = sigmaCrop * scale * 112.0 / size;
        List<Point2> photoPoints = new ArrayList<>();
        for (Point2 p : AlignmentTemplate.arcface(112).points()) {
            double x = p.x() - 56, y = p.y() - 56;
            photoPoints.add(new Point2(scale * (Math.cos(angle) * x - Math.sin(angle) * y) + 260,
                    scale * (Math.sin(angle) * x + Math.cos(angle) * y) + 240));
        }
        BufferedImage photo = spots(520, 480, photoPoints, sigmaPhoto);

        FaceAligner aligner = new FaceAligner(template);
        BufferedImage crop = aligner.alignedImage(photo, new DetectedFace(new FaceBox(0, 0, 520, 480), 1, photoPoints));

        for (Point2 expected : template.points()) {
            Point2 found = centroid(crop, expected, 3.5 * sigmaCrop);
            double tolerance = 2.0 * size / 112.0;
            assertThat(Math.hypot(found.x() - expected.x(), found.y() - expected.y()))
                    .as("spot expected at %s found at %s", expected, found).isLessThan(tolerance);
        }
    }

    @ParameterizedTest
    @CsvSource({"0.3", "1.0", "2.0"})
    void flatImageStaysFlat(double scale) {
        // weights sum to one (with and without supersampling): an inside-the-photo crop of a flat grey image is that grey
        BufferedImage grey = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 400; y++) for (int x = 0; x < 400; x++) grey.setRGB(x, y, 0x7b7b7b);
        SimilarityTransform t = new SimilarityTransform(scale * Math.cos(0.3), scale * Math.sin(0.3), 0, 0);
        // centre the crop on the photo's centre
        Point2 c = t.apply(new Point2(200, 200));
        t = new SimilarityTransform(t.a(), t.b(), 28 - c.x(), 28 - c.y());
        float[] chw = BilinearWarp.toStandardChw(grey, t, 56);
        for (float v : chw) assertThat((double) v).isCloseTo((0x7b - 127.5) / 127.5, org.assertj.core.api.Assertions.within(1e-5));
    }

    @org.junit.jupiter.api.Test
    void shrinkingAveragesInsteadOfAliasing() {
        // a one-pixel black and white checkerboard shrunk 4x must come out mid grey, not as black or white samples
        BufferedImage board = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) board.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
        float[] chw = BilinearWarp.toStandardChw(board, new SimilarityTransform(0.25, 0, -2, -2), 58); // crop pixel u reads source 4u + 8: inside
        for (float v : chw) assertThat((double) v).isCloseTo(0.0, org.assertj.core.api.Assertions.within(0.1));
    }

    static BufferedImage spots(int w, int h, List<Point2> centres, double sigma) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (Point2 c : centres) v += Math.exp(-(Math.pow(x - c.x(), 2) + Math.pow(y - c.y(), 2)) / (2 * sigma * sigma));
                int g = (int) Math.round(Math.min(1, v) * 255);
                img.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        return img;
    }

    /** Intensity-weighted centroid of the pixels within {@code radius} of {@code near}. */
    static Point2 centroid(BufferedImage img, Point2 near, double radius) {
        double sx = 0, sy = 0, sw = 0;
        for (int y = (int) Math.floor(near.y() - radius); y <= Math.ceil(near.y() + radius); y++) {
            for (int x = (int) Math.floor(near.x() - radius); x <= Math.ceil(near.x() + radius); x++) {
                if (x < 0 || y < 0 || x >= img.getWidth() || y >= img.getHeight()) continue;
                if (Math.hypot(x - near.x(), y - near.y()) > radius) continue;
                double v = img.getRGB(x, y) & 0xff;
                sx += v * x;
                sy += v * y;
                sw += v;
            }
        }
        return new Point2(sx / sw, sy / sw);
    }
}
