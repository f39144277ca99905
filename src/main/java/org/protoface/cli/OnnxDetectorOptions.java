package org.protoface.cli;

import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.detect.scrfd.ScrfdDetector;
import org.protoface.pipeline.detect.scrfd.ScrfdOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --detector FILE.onnx} and its settings, for the commands that find faces: an SCRFD-style
 * ONNX detector instead of the bundled default. Defaults are insightface's (640 x 640 unless the
 * model fixes its input, (v - 127.5) / 128, RGB, score 0.5, NMS IoU 0.4).
 */
public final class OnnxDetectorOptions {
    @Option(names = "--detector", paramLabel = "FILE.onnx",
            description = "An SCRFD-style ONNX face detector (e.g. insightface's det_10g.onnx) instead of the bundled one.")
    Path detector;

    @Option(names = "--det-size", paramLabel = "WxH",
            description = "ONNX detector input size, multiples of 32 (default: the model's own, else 640x640).")
    String size;

    @Option(names = "--det-threshold", paramLabel = "P", defaultValue = "0.5", description = "ONNX detector score threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--det-nms", paramLabel = "IOU", defaultValue = "0.4", description = "ONNX detector NMS IoU threshold (default: ${DEFAULT-VALUE}).")
    double nms;

    @Option(names = "--det-mean", paramLabel = "M", defaultValue = "127.5", description = "ONNX detector input mean, 0..255 scale (default: ${DEFAULT-VALUE}).")
    double mean;

    @Option(names = "--det-std", paramLabel = "S", defaultValue = "128", description = "ONNX detector input std (default: ${DEFAULT-VALUE}).")
    double std;

    @Option(names = "--det-bgr", description = "The ONNX detector reads BGR planes (default: RGB, as insightface feeds SCRFD).")
    boolean bgr;

    /** The settings the flags give; the size part is 0 x 0 when {@code --det-size} is absent. */
    public ScrfdOptions options() {
        int w = 0, h = 0;
        if (size != null) {
            String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (parts.length != 2) throw new NumberFormatException();
                w = Integer.parseInt(parts[0].trim());
                h = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--det-size must be WxH, e.g. 640x640, got '" + size + "'");
            }
            if (w < 1 || h < 1) throw new IllegalArgumentException("--det-size must be positive, got '" + size + "'");
        }
        return new ScrfdOptions(w, h, threshold, nms, mean, std, bgr);
    }

    /**
     * The ONNX detector the flags name, or empty when {@code --detector} is not given (the command's
     * default detector applies).
     *
     * @throws IOException naming the file when it is missing or not a model ONNX Runtime can load
     */
    public Optional<FaceDetector> onnxDetector(int threads) throws IOException {
        if (detector == null) return Optional.empty();
        return Optional.of(ScrfdDetector.open(detector, options(), threads));
    }
}
