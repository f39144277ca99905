package org.protoface.pipeline.align;

import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Cuts the aligned crop of a detected face: the similarity transform from its landmarks to the
 * {@link AlignmentTemplate} (five points by Umeyama's least squares, or the two eye centres
 * exactly), then a bilinear warp. A face without landmarks is aligned from eye positions estimated
 * from its box ({@link #eyesFromBox}), which undoes scale and position but not rotation.
 */
public final class FaceAligner {
    /**
     * Eye centres relative to a face box of the default (LBP) cascade, as shares of its width and
     * height: measured on the two test portraits, the eye cascade put them 19-26% and 77-78%
     * across and 21-24% down. (The Haar cascade's boxes are looser; this is only a fallback.)
     */
    static final double EYE_X = 0.225, EYE_Y = 0.225;

    private final AlignmentTemplate template;

    /** @param template the five target landmarks and the crop size they are given for */
    public FaceAligner(AlignmentTemplate template) {
        this.template = template;
    }

    /** The template faces are aligned onto. */
    public AlignmentTemplate template() {
        return template;
    }

    /** Crop side in pixels. */
    public int size() {
        return template.size();
    }

    /** The transform from image coordinates to crop coordinates for this face. */
    public SimilarityTransform transformFor(DetectedFace face) {
        return template.transformFor(face.hasLandmarks() ? face.landmarks() : eyesFromBox(face.box()));
    }

    /** The aligned crop in ProtoFace's standard layout (3 x S x S, RGB, (v - 127.5) / 127.5). */
    public float[] alignedChw(BufferedImage image, DetectedFace face) {
        return BilinearWarp.toStandardChw(image, transformFor(face), size());
    }

    /** The aligned crop as an RGB image. */
    public BufferedImage alignedImage(BufferedImage image, DetectedFace face) {
        return BilinearWarp.toImage(image, transformFor(face), size());
    }

    /** Typical eye centres of a frontal face inside a cascade box, left then right. */
    public static List<Point2> eyesFromBox(FaceBox box) {
        double y = box.y() + EYE_Y * box.height();
        return List.of(new Point2(box.x() + EYE_X * box.width(), y), new Point2(box.x() + (1 - EYE_X) * box.width(), y));
    }
}
