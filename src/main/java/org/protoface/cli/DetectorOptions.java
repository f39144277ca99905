package org.protoface.cli;

import org.protoface.pipeline.detect.cascade.CascadeOptions;
import org.protoface.pipeline.detect.registry.Detectors;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.detect.scrfd.ScrfdOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The face detector flags of every command that finds faces ({@code detect}, {@code embed},
 * {@code gallery enroll|identify|verify}): {@code --detector} names a bundled OpenCV cascade
 * ({@code lbp}, {@code haar}) or an SCRFD-style {@code FILE.onnx}; {@code --min-score} and
 * {@code --nms-iou} apply to both, with each family's own default; {@code --min-face} applies to
 * the cascades only and {@code --det-*} to SCRFD only. A flag given for the other family is an
 * error naming it, rather than silently doing nothing. Opens through {@link Detectors#open}.
 */
public final class DetectorOptions {
    @Option(names = "--detector", paramLabel = "lbp|haar|FILE.onnx", defaultValue = Detectors.DEFAULT,
            description = "Face detector: lbp (OpenCV's LBP frontal cascade, default) or haar (OpenCV's Haar cascade), both bundled; "
                    + "or an SCRFD-style ONNX detector such as insightface's det_10g.onnx.")
    String detector;

    @Option(names = "--min-score", paramLabel = "S",
            description = "Drop faces scoring below S. Cascades: raw detections merged into the face (default: 4); SCRFD: a probability in [0, 1] (default: 0.5).")
    Double minScore;

    @Option(names = "--nms-iou", paramLabel = "IOU",
            description = "Drop a face overlapping a better one by more than this IoU (default: 0.3 for the cascades, 0.4 for SCRFD).")
    Double nmsIou;

    @Option(names = "--min-face", paramLabel = "PX", description = "Cascades (lbp, haar) only: smallest face side searched for, in pixels (default: 32).")
    Integer minFace;

    @Option(names = "--det-size", paramLabel = "WxH",
            description = "SCRFD (.onnx) only: network input size, multiples of 32 (default: the model's fixed size, else 640x640).")
    String size;

    @Option(names = "--det-mean", paramLabel = "M", description = "SCRFD (.onnx) only: input mean on the 0..255 scale, every channel (default: 127.5).")
    Double mean;

    @Option(names = "--det-std", paramLabel = "S", description = "SCRFD (.onnx) only: input standard deviation on the 0..255 scale (default: 128).")
    Double std;

    @Option(names = "--det-bgr", description = "SCRFD (.onnx) only: the model reads BGR planes (default: RGB, as insightface feeds SCRFD).")
    Boolean bgr;

    /**
     * Opens the detector the flags name.
     *
     * @throws IllegalArgumentException naming the flag when a value is malformed or the flag belongs to
     *                                  the other detector family
     * @throws IOException              naming the file when an ONNX detector is missing or cannot be loaded
     */
    public FaceDetector open() throws IOException {
        boolean cascade = kind() == Detectors.Kind.CASCADE;
        // only the named family's flags are read: the other's defaults are never used
        return Detectors.open(detector, cascade ? cascadeOptions() : CascadeOptions.DEFAULTS, cascade ? ScrfdOptions.defaults() : scrfdOptions());
    }

    /** The detector family {@code --detector} names, after checking that no flag of the other family is given. */
    Detectors.Kind kind() {
        Detectors.Kind kind = Detectors.kind(detector);
        List<String> foreign = new ArrayList<>();
        if (kind == Detectors.Kind.SCRFD) {
            if (minFace != null) foreign.add("--min-face");
        } else {
            if (size != null) foreign.add("--det-size");
            if (mean != null) foreign.add("--det-mean");
            if (std != null) foreign.add("--det-std");
            if (bgr != null) foreign.add("--det-bgr");
        }
        if (!foreign.isEmpty()) {
            boolean one = foreign.size() == 1;
            throw new IllegalArgumentException(String.join(", ", foreign) + (one ? " applies" : " apply") + (kind == Detectors.Kind.SCRFD
                    ? " to the cascade detectors (lbp, haar) only, not to the SCRFD detector " : " to SCRFD .onnx detectors only, not to --detector ")
                    + detector + "; drop " + (one ? "it" : "them"));
        }
        return kind;
    }

    /** The cascade settings: the flags given, else {@link CascadeOptions#DEFAULTS}. */
    CascadeOptions cascadeOptions() {
        CascadeOptions d = CascadeOptions.DEFAULTS;
        int face = minFace != null ? minFace : d.minFace();
        if (face < 8) throw new IllegalArgumentException("--min-face must be at least 8 px, got " + face);
        double score = minScore != null ? minScore : d.scoreThreshold();
        if (!Double.isFinite(score)) throw new IllegalArgumentException("--min-score must be a finite number, got " + score);
        return new CascadeOptions(face, score, iou(d.nmsIou()));
    }

    /** The SCRFD settings: the flags given, else insightface's ({@link ScrfdOptions#defaults()}). */
    ScrfdOptions scrfdOptions() {
        ScrfdOptions d = ScrfdOptions.defaults();
        double score = minScore != null ? minScore : d.scoreThreshold();
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("--min-score " + minScore + ": an SCRFD detector's score is a probability in [0, 1]");
        }
        double m = mean != null ? mean : d.mean(), s = std != null ? std : d.std();
        if (!Double.isFinite(m)) throw new IllegalArgumentException("--det-mean must be a finite number, got " + m);
        if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("--det-std must be positive, got " + s);
        int[] wh = size();
        return new ScrfdOptions(wh[0], wh[1], score, iou(d.nmsIou()), m, s, bgr != null ? bgr : d.bgr());
    }

    private double iou(double fallback) {
        double v = nmsIou != null ? nmsIou : fallback;
        if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("--nms-iou must be in [0, 1], got " + v);
        return v;
    }

    /** {@code --det-size} as {width, height}; {0, 0} when absent (the model's own size). */
    private int[] size() {
        if (size == null) return new int[] {0, 0};
        String[] parts = size.toLowerCase(Locale.ROOT).split("x");
        int w, h;
        try {
            if (parts.length != 2) throw new NumberFormatException();
            w = Integer.parseInt(parts[0].trim());
            h = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--det-size must be WxH, e.g. 640x640, got '" + size + "'");
        }
        if (w < 1 || h < 1 || w % ScrfdOptions.SIDE_MULTIPLE != 0 || h % ScrfdOptions.SIDE_MULTIPLE != 0) {
            throw new IllegalArgumentException("--det-size " + size + ": width and height must be positive multiples of " + ScrfdOptions.SIDE_MULTIPLE);
        }
        return new int[] {w, h};
    }
}
