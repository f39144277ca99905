package org.protoface.pipeline.detect.cascade;

/**
 * How to run OpenCV's cascade detectors ({@link CascadeFaceDetector}; {@code --detector lbp|haar}).
 * SCRFD detectors have their own ({@link org.protoface.pipeline.detect.scrfd.ScrfdOptions}).
 *
 * @param minFace        smallest face box side in pixels that is searched for (the cascade's
 *                       smallest window) and kept
 * @param scoreThreshold faces scoring below this are dropped; a cascade's score is the number of
 *                       raw sliding-window detections merged into the face
 * @param nmsIou         non-maximum suppression: a face overlapping a better one by more than
 *                       this intersection over union is dropped
 */
public record CascadeOptions(int minFace, double scoreThreshold, double nmsIou) {
    /** 32 px faces, score 4, IoU 0.3. */
    public static final CascadeOptions DEFAULTS = new CascadeOptions(32, 4, 0.3);

    /**
     * @throws IllegalArgumentException when the minimum face is under 8 px, the threshold is not
     *                                  finite or the IoU is outside [0, 1]
     */
    public CascadeOptions {
        if (minFace < 8) throw new IllegalArgumentException("minimum face size must be at least 8 px, got " + minFace);
        if (!Double.isFinite(scoreThreshold)) throw new IllegalArgumentException("score threshold must be finite, got " + scoreThreshold);
        if (!(nmsIou >= 0 && nmsIou <= 1)) throw new IllegalArgumentException("NMS IoU must be in [0, 1], got " + nmsIou);
    }
}
