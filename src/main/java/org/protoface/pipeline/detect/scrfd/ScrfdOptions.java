package org.protoface.pipeline.detect.scrfd;

/**
 * How to run an SCRFD-style detector. The defaults are insightface's: a 640 x 640 input when the
 * graph does not fix one, pixels (v - 127.5) / 128 in RGB order, score threshold 0.5, NMS IoU 0.4.
 *
 * @param inputWidth     network input width in pixels, or 0 for the graph's own (640 if dynamic)
 * @param inputHeight    network input height, or 0 likewise
 * @param scoreThreshold a candidate is kept when its score is at least this (0..1)
 * @param nmsIou         non-maximum suppression drops a face overlapping a better one by more than this IoU
 * @param mean           subtracted from every channel (0..255 scale)
 * @param std            divides every channel after the mean
 * @param bgr            feed the planes in BGR order instead of RGB
 */
public record ScrfdOptions(int inputWidth, int inputHeight, double scoreThreshold, double nmsIou, double mean, double std, boolean bgr) {
    /** Input sides must be multiples of the coarsest stride SCRFD's 3-level models use. */
    public static final int SIDE_MULTIPLE = 32;
    public static final int DEFAULT_SIDE = 640;

    public ScrfdOptions {
        if (inputWidth < 0 || inputHeight < 0 || inputWidth % SIDE_MULTIPLE != 0 || inputHeight % SIDE_MULTIPLE != 0) {
            throw new IllegalArgumentException("detector input size " + inputWidth + " x " + inputHeight + " must be multiples of "
                    + SIDE_MULTIPLE + " (or 0 for the model's own)");
        }
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("detector score threshold must be in [0, 1], got " + scoreThreshold);
        }
        if (!(nmsIou >= 0 && nmsIou <= 1)) throw new IllegalArgumentException("detector NMS IoU must be in [0, 1], got " + nmsIou);
        if (!(std > 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("detector normalisation needs a finite mean and a positive std, got " + mean + ", " + std);
        }
    }

    /** insightface's settings for its SCRFD models (det_10g.onnx, det_2.5g.onnx, ...). */
    public static ScrfdOptions defaults() {
        return new ScrfdOptions(0, 0, 0.5, 0.4, 127.5, 128.0, false);
    }

    /**
     * A copy with a {@code width} x {@code height} pixel network input (multiples of 32, or 0 for the graph's own).
     *
     * @throws IllegalArgumentException if a side is negative or not a multiple of 32
     */
    public ScrfdOptions withInputSize(int width, int height) {
        return new ScrfdOptions(width, height, scoreThreshold, nmsIou, mean, std, bgr);
    }

    /**
     * A copy with score threshold {@code score} and NMS IoU {@code iou}, both in [0, 1].
     *
     * @throws IllegalArgumentException if either is outside [0, 1]
     */
    public ScrfdOptions withThresholds(double score, double iou) {
        return new ScrfdOptions(inputWidth, inputHeight, score, iou, mean, std, bgr);
    }

    /**
     * A copy with pixels fed as (v - mean) / std (0..255 scale) in BGR order when {@code bgr}, else RGB.
     *
     * @throws IllegalArgumentException if {@code mean} is not finite or {@code std} is not finite and positive
     */
    public ScrfdOptions withNormalisation(double mean, double std, boolean bgr) {
        return new ScrfdOptions(inputWidth, inputHeight, scoreThreshold, nmsIou, mean, std, bgr);
    }
}
