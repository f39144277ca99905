package org.protoface.pipeline.align;

import org.protoface.pipeline.detect.Point2;

import java.util.List;

/**
 * Where the five landmarks go in an aligned crop: the template ArcFace-style recognisers are
 * trained with, defined on a 112 x 112 crop (left eye, right eye, nose tip, left and right mouth
 * corner, as seen in the image) and scaled by size / 112 for other crop sizes.
 */
public final class AlignmentTemplate {
    /** The reference points on a 112 x 112 crop (x, y pairs). */
    public static final double[] ARCFACE_112 = {
        38.2946, 51.6963,
        73.5318, 51.5014,
        56.0252, 71.7366,
        41.5493, 92.3655,
        70.7299, 92.2041,
    };

    private final int size;
    private final List<Point2> points;

    private AlignmentTemplate(int size, List<Point2> points) {
        this.size = size;
        this.points = List.copyOf(points);
    }

    /**
     * The ArcFace template for a {@code size} x {@code size} crop.
     *
     * @throws IllegalArgumentException if size is below 8
     */
    public static AlignmentTemplate arcface(int size) {
        if (size < 8) throw new IllegalArgumentException("crop size must be at least 8 px, got " + size);
        double k = size / 112.0;
        Point2[] p = new Point2[5];
        for (int i = 0; i < 5; i++) p[i] = new Point2(ARCFACE_112[2 * i] * k, ARCFACE_112[2 * i + 1] * k);
        return new AlignmentTemplate(size, List.of(p));
    }

    /** Side of the aligned crop in pixels. */
    public int size() {
        return size;
    }

    /** The five points, in the five-point order. */
    public List<Point2> points() {
        return points;
    }

    /** The two eye points (left, right), the destinations of a two-point alignment. */
    public List<Point2> eyes() {
        return points.subList(0, 2);
    }

    /**
     * The transform from image coordinates to crop coordinates for the given landmarks: Umeyama's
     * least squares on all five points, or the exact similarity from the two eye centres.
     *
     * @throws IllegalArgumentException if the landmarks are neither 2 nor 5 points
     */
    public SimilarityTransform transformFor(List<Point2> landmarks) {
        if (landmarks.size() == 5) return Umeyama.estimate(landmarks, points);
        if (landmarks.size() == 2) return Umeyama.estimate(landmarks, eyes());
        throw new IllegalArgumentException("alignment needs 5 landmarks or the 2 eye centres, got " + landmarks.size() + " points");
    }
}
