package org.protoface.pipeline.align;

import org.junit.jupiter.api.Test;
import org.protoface.pipeline.detect.Point2;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class UmeyamaTest {
    private static final List<Point2> TEMPLATE = AlignmentTemplate.arcface(112).points();

    /** A similarity written with angle and scale, independently of SimilarityTransform's (a, b). */
    private static Point2 move(Point2 p, double angle, double scale, double tx, double ty) {
        return new Point2(scale * (Math.cos(angle) * p.x() - Math.sin(angle) * p.y()) + tx,
                scale * (Math.sin(angle) * p.x() + Math.cos(angle) * p.y()) + ty);
    }

    @Test
    void recoversAKnownSimilarityFromFivePoints() {
        double angle = Math.toRadians(-23), scale = 0.37;
        List<Point2> detected = new ArrayList<>();
        for (Point2 p : TEMPLATE) detected.add(move(p, angle, scale, 211, 97));

        SimilarityTransform t = Umeyama.estimate(detected, TEMPLATE);

        assertThat(t.rotation()).isCloseTo(-angle, within(1e-9));
        assertThat(t.scale()).isCloseTo(1 / scale, within(1e-9));
        for (int i = 0; i < 5; i++) {
            Point2 q = t.apply(detected.get(i));
            assertThat(q.x()).isCloseTo(TEMPLATE.get(i).x(), within(1e-9));
            assertThat(q.y()).isCloseTo(TEMPLATE.get(i).y(), within(1e-9));
        }
    }

    @Test
    void twoPointsAreMappedExactly() {
        List<Point2> eyes = List.of(new Point2(220, 170), new Point2(300, 160));
        SimilarityTransform t = Umeyama.estimate(eyes, TEMPLATE.subList(0, 2));
        for (int i = 0; i < 2; i++) {
            assertThat(t.apply(eyes.get(i)).x()).isCloseTo(TEMPLATE.get(i).x(), within(1e-9));
            assertThat(t.apply(eyes.get(i)).y()).isCloseTo(TEMPLATE.get(i).y(), within(1e-9));
        }
    }

    @Test
    void noisyPointsGiveTheLeastSquaresOptimum() {
        Random rnd = new Random(3);
        List<Point2> noisy = new ArrayList<>();
        for (Point2 p : TEMPLATE) noisy.add(move(new Point2(p.x() + rnd.nextGaussian() * 2, p.y() + rnd.nextGaussian() * 2), 0.4, 1.7, -30, 55));
        SimilarityTransform t = Umeyama.estimate(noisy, TEMPLATE);
        double best = error(t, noisy);
        // any nudge of any of the four parameters increases the summed squared error
        double h = 1e-4;
        double[][] nudges = {{h, 0, 0, 0}, {-h, 0, 0, 0}, {0, h, 0, 0}, {0, -h, 0, 0}, {0, 0, h, 0}, {0, 0, -h, 0}, {0, 0, 0, h}, {0, 0, 0, -h}};
        for (double[] d : nudges) {
            SimilarityTransform other = new SimilarityTransform(t.a() + d[0], t.b() + d[1], t.tx() + d[2], t.ty() + d[3]);
            assertThat(error(other, noisy)).isGreaterThan(best);
        }
    }

    @Test
    void neverReturnsAReflection() {
        // a mirrored template: the best proper similarity still has positive scale and maps left eye near left eye
        List<Point2> mirrored = new ArrayList<>();
        for (Point2 p : TEMPLATE) mirrored.add(new Point2(112 - p.x(), p.y()));
        SimilarityTransform t = Umeyama.estimate(mirrored, TEMPLATE);
        assertThat(t.scale()).isGreaterThan(0);
        // a similarity preserves orientation: the signed area of (eye, eye, nose) keeps its sign
        assertThat(Math.signum(signedArea(t.apply(mirrored.get(0)), t.apply(mirrored.get(1)), t.apply(mirrored.get(2)))))
                .isEqualTo(Math.signum(signedArea(mirrored.get(0), mirrored.get(1), mirrored.get(2))));
    }

    @Test
    void inverseUndoesTheTransform() {
        SimilarityTransform t = new SimilarityTransform(0.8, -0.3, 12, -7);
        Point2 p = new Point2(33, 71);
        Point2 back = t.inverse().apply(t.apply(p));
        assertThat(back.x()).isCloseTo(33, within(1e-9));
        assertThat(back.y()).isCloseTo(71, within(1e-9));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> Umeyama.estimate(List.of(new Point2(1, 1)), List.of(new Point2(1, 1))))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Umeyama.estimate(List.of(new Point2(5, 5), new Point2(5, 5)), TEMPLATE.subList(0, 2)))
                .hasMessageContaining("coincide");
        assertThatThrownBy(() -> Umeyama.estimate(List.of(new Point2(Double.NaN, 5), new Point2(5, 5)), TEMPLATE.subList(0, 2)))
                .hasMessageContaining("not finite");
    }

    private static double signedArea(Point2 a, Point2 b, Point2 c) {
        return (b.x() - a.x()) * (c.y() - a.y()) - (b.y() - a.y()) * (c.x() - a.x());
    }

    private static double error(SimilarityTransform t, List<Point2> from) {
        double e = 0;
        for (int i = 0; i < from.size(); i++) {
            Point2 q = t.apply(from.get(i));
            e += Math.pow(q.x() - TEMPLATE.get(i).x(), 2) + Math.pow(q.y() - TEMPLATE.get(i).y(), 2);
        }
        return e;
    }
}
