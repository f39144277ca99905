package org.protoface.pipeline.detect.cascade;

import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the two eye centres of a face from the eye cascade's candidates inside its box: the
 * best candidate (most merged detections, then the larger) left of the box's vertical centre
 * line and the best one right of it. Candidates outside the upper part of the box, too small or
 * too large for an eye of that face, and pairs closer than a fifth of the box width are refused,
 * so a nostril or an eyebrow pair does not become the eyes. Pure geometry, no OpenCV.
 */
public final class EyeLocator {
    /** Eye centres lie in the top {@value} of a cascade face box. */
    public static final double UPPER_SHARE = 0.6;
    static final double MIN_EYE = 0.08, MAX_EYE = 0.45, MIN_SPACING = 0.2;

    private EyeLocator() {}

    /**
     * One eye candidate from the cascade: a box in image coordinates and the number of raw
     * detections merged into it.
     */
    public record Candidate(FaceBox box, int neighbours) {
        Point2 centre() {
            return new Point2(box.x() + box.width() / 2, box.y() + box.height() / 2);
        }
    }

    /**
     * @return left eye then right eye (as seen in the image: smaller x first), or empty when
     *         either side has no plausible candidate
     */
    public static Optional<List<Point2>> choose(FaceBox face, List<Candidate> candidates) {
        double midX = face.x() + face.width() / 2;
        Candidate left = null, right = null;
        for (Candidate c : candidates) {
            Point2 p = c.centre();
            double size = c.box().width() / face.width();
            if (size < MIN_EYE || size > MAX_EYE) continue;
            if (!face.contains(p) || p.y() > face.y() + UPPER_SHARE * face.height()) continue;
            if (p.x() < midX) left = better(left, c);
            else right = better(right, c);
        }
        if (left == null || right == null) return Optional.empty();
        Point2 l = left.centre(), r = right.centre();
        if (r.x() - l.x() < MIN_SPACING * face.width()) return Optional.empty();
        return Optional.of(List.of(l, r));
    }

    private static Candidate better(Candidate best, Candidate c) {
        if (best == null || c.neighbours() > best.neighbours()) return c;
        if (c.neighbours() == best.neighbours() && c.box().area() > best.box().area()) return c;
        return best;
    }
}
