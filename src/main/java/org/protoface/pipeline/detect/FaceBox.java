package org.protoface.pipeline.detect;

/**
 * An axis-aligned face box in image pixel coordinates (origin top left, x right, y down).
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  width in pixels (> 0)
 * @param height height in pixels (> 0)
 */
public record FaceBox(double x, double y, double width, double height) {
    public FaceBox {
        if (!(width > 0) || !(height > 0) || !Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(width)
                || !Double.isFinite(height)) {
            throw new IllegalArgumentException("face box needs finite coordinates and a positive size, got "
                    + x + ", " + y + ", " + width + " x " + height);
        }
    }

    /** Area in square pixels. */
    public double area() {
        return width * height;
    }

    /** Right edge in pixels ({@code x + width}). */
    public double right() {
        return x + width;
    }

    /** Bottom edge in pixels ({@code y + height}). */
    public double bottom() {
        return y + height;
    }

    /** Whether the point lies inside the box (edges included). */
    public boolean contains(Point2 p) {
        return p.x() >= x && p.x() <= right() && p.y() >= y && p.y() <= bottom();
    }

    /** Intersection over union with {@code o}, in [0, 1]. */
    public double iou(FaceBox o) {
        double w = Math.min(right(), o.right()) - Math.max(x, o.x);
        double h = Math.min(bottom(), o.bottom()) - Math.max(y, o.y);
        if (w <= 0 || h <= 0) return 0;
        double inter = w * h;
        return inter / (area() + o.area() - inter);
    }
}
