package org.protoface.pipeline.align;

import org.protoface.pipeline.detect.Point2;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation, no reflection):
 * x' = a x - b y + tx, y' = b x + a y + ty, with a = s cos(theta), b = s sin(theta).
 * Coordinates are pixels with the centre of pixel (column c, row r) at (c, r).
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {
    public SimilarityTransform {
        if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(tx) && Double.isFinite(ty))) {
            throw new IllegalArgumentException("similarity transform needs finite coefficients, got " + a + ", " + b + ", " + tx + ", " + ty);
        }
        if (a == 0 && b == 0) throw new IllegalArgumentException("similarity transform with zero scale");
    }

    /** The identity transform (a = 1, b = 0, no translation). */
    public static SimilarityTransform identity() {
        return new SimilarityTransform(1, 0, 0, 0);
    }

    /** Maps {@code p} (pixels): (a x - b y + tx, b x + a y + ty). */
    public Point2 apply(Point2 p) {
        return new Point2(a * p.x() - b * p.y() + tx, b * p.x() + a * p.y() + ty);
    }

    /** Uniform scale factor s. */
    public double scale() {
        return Math.hypot(a, b);
    }

    /** Rotation angle theta in radians (positive turns x towards y, i.e. clockwise on screen). */
    public double rotation() {
        return Math.atan2(b, a);
    }

    /** The transform that undoes this one. */
    public SimilarityTransform inverse() {
        double d = a * a + b * b;
        double ia = a / d, ib = -b / d;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }
}
