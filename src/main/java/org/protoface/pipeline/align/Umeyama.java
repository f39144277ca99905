package org.protoface.pipeline.align;

import org.protoface.pipeline.detect.Point2;

import java.util.List;

/**
 * Least-squares similarity transform between two point sets (S. Umeyama, "Least-squares
 * estimation of transformation parameters between two point patterns", IEEE TPAMI 13(4), 1991).
 *
 * <p>In two dimensions Umeyama's SVD solution has a closed form: with both sets centred on their
 * means, the rotation-and-scale pair (a, b) = s (cos theta, sin theta) minimising
 * sum |R_s x_i - y_i|^2 is a = sum(x_i . y_i) / sum|x_i|^2, b = sum(x_i cross y_i) / sum|x_i|^2,
 * which is Umeyama's c R (scale trace(DS)/sigma_x^2 and a proper rotation, never a reflection);
 * the translation then maps the source mean onto the destination mean.
 */
public final class Umeyama {
    private Umeyama() {}

    /**
     * @param from source points (e.g. detected landmarks), at least 2
     * @param to   destination points in the same order (e.g. the template)
     * @return the similarity minimising the summed squared distance between transformed
     *         {@code from} points and {@code to}; exact when two points are given
     * @throws IllegalArgumentException if the lists differ in length, have fewer than 2 points,
     *                                  hold a non-finite coordinate, or all source points coincide
     */
    public static SimilarityTransform estimate(List<Point2> from, List<Point2> to) {
        int n = from.size();
        if (n != to.size()) throw new IllegalArgumentException(n + " source points but " + to.size() + " destination points");
        if (n < 2) throw new IllegalArgumentException("a similarity transform needs at least 2 point pairs, got " + n);
        double mx = 0, my = 0, ux = 0, uy = 0;
        for (int i = 0; i < n; i++) {
            Point2 p = from.get(i), q = to.get(i);
            if (!(Double.isFinite(p.x()) && Double.isFinite(p.y()) && Double.isFinite(q.x()) && Double.isFinite(q.y()))) {
                throw new IllegalArgumentException("landmark " + i + " is not finite: " + p + " -> " + q);
            }
            mx += p.x();
            my += p.y();
            ux += q.x();
            uy += q.y();
        }
        mx /= n;
        my /= n;
        ux /= n;
        uy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double x = from.get(i).x() - mx, y = from.get(i).y() - my;
            double X = to.get(i).x() - ux, Y = to.get(i).y() - uy;
            dot += x * X + y * Y;
            cross += x * Y - y * X;
            norm += x * x + y * y;
        }
        if (!(norm > 1e-12)) throw new IllegalArgumentException("the source landmarks all coincide; no transform can be estimated");
        double a = dot / norm, b = cross / norm;
        return new SimilarityTransform(a, b, ux - (a * mx - b * my), uy - (b * mx + a * my));
    }
}
