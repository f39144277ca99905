package org.protoface.pipeline.detect;

import java.util.List;

/**
 * One face found by a {@link FaceDetector}.
 *
 * @param box       where the face is, in the image's pixel coordinates
 * @param score     the detector's confidence (its own scale: a probability for SCRFD, a
 *                  neighbour-count-based weight for cascades); higher is more certain
 * @param landmarks the points the detector gives, in the order of the five-point convention:
 *                  left eye centre, right eye centre (as seen in the image), nose tip, left and
 *                  right mouth corners. Five points, only the two eyes, or none.
 */
public record DetectedFace(FaceBox box, double score, List<Point2> landmarks) {
    public DetectedFace {
        if (box == null) throw new IllegalArgumentException("a detected face needs a box");
        landmarks = landmarks == null ? List.of() : List.copyOf(landmarks);
        if (!(landmarks.isEmpty() || landmarks.size() == 2 || landmarks.size() == 5)) {
            throw new IllegalArgumentException("a detected face has 0, 2 (eyes) or 5 landmarks, got " + landmarks.size());
        }
    }

    /** Whether the detector gave landmarks (2 eye centres or 5 points). */
    public boolean hasLandmarks() {
        return !landmarks.isEmpty();
    }
}
