package org.protoface.pipeline.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: keep the best-scoring face, drop those overlapping it, repeat. */
public final class NonMaximumSuppression {
    private NonMaximumSuppression() {}

    /**
     * @param faces        candidates in any order
     * @param iouThreshold a candidate whose IoU with an already kept face exceeds this is dropped
     *                     (SCRFD uses 0.4)
     * @return the kept faces, best score first
     * @throws IllegalArgumentException if the threshold is outside [0, 1]
     */
    public static List<DetectedFace> apply(List<DetectedFace> faces, double iouThreshold) {
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        List<DetectedFace> sorted = new ArrayList<>(faces);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace f : sorted) {
            boolean overlaps = false;
            for (DetectedFace k : kept) {
                if (k.box().iou(f.box()) > iouThreshold) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) kept.add(f);
        }
        return kept;
    }
}
