package org.protoface.pipeline.detect;

import java.util.Locale;

/**
 * Opens the detector a command names with {@code --detector}: {@code lbp} (the default: OpenCV's
 * improved LBP frontal cascade) or {@code haar} (OpenCV's Haar alt2 frontal cascade), both bundled
 * in the opencv jar. A file name is the place for user-supplied detectors (SCRFD {@code .onnx}
 * files come with the ONNX support: add their branch in {@link #open}).
 */
public final class Detectors {
    /** The detector used when none is named. */
    public static final String DEFAULT = "lbp";

    private Detectors() {}

    /**
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static FaceDetector open(String name, DetectorOptions options) {
        String key = name == null ? DEFAULT : name.trim();
        switch (key.toLowerCase(Locale.ROOT)) {
            case "lbp":
                return new CascadeFaceDetector(CascadeFiles.LBP_FRONTAL_FACE, options);
            case "haar":
                return new CascadeFaceDetector(CascadeFiles.HAAR_FRONTAL_FACE, options);
            default:
                throw new IllegalArgumentException("--detector " + name + ": unknown detector; use lbp (default) or haar"
                        + (key.toLowerCase(Locale.ROOT).endsWith(".onnx") ? " (ONNX detectors are not supported by this build)" : ""));
        }
    }
}
