package org.protoface.pipeline.detect;

/**
 * Options every detector honours.
 *
 * @param minFace        smallest face box side in pixels that is searched for and kept
 * @param scoreThreshold faces scoring below this are dropped (on the detector's own score scale:
 *                       for the cascades, the number of raw detections merged into the face)
 * @param nmsIou         non-maximum suppression: a face overlapping a better one by more than
 *                       this intersection over union is dropped
 */
public record DetectorOptions(int minFace, double scoreThreshold, double nmsIou) {
    /** 32 px faces, cascade score 4, IoU 0.3. */
    public static final DetectorOptions DEFAULTS = new DetectorOptions(32, 4, 0.3);

    public DetectorOptions {
        if (minFace < 8) throw new IllegalArgumentException("minimum face size must be at least 8 px, got " + minFace);
        if (!Double.isFinite(scoreThreshold)) throw new IllegalArgumentException("score threshold must be finite, got " + scoreThreshold);
        if (!(nmsIou >= 0 && nmsIou <= 1)) throw new IllegalArgumentException("NMS IoU must be in [0, 1], got " + nmsIou);
    }
}
