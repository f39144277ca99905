package org.protoface.pipeline.detect.registry;

import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.detect.cascade.CascadeFaceDetector;
import org.protoface.pipeline.detect.cascade.CascadeFiles;
import org.protoface.pipeline.detect.cascade.CascadeOptions;

import org.protoface.pipeline.detect.scrfd.ScrfdDetector;
import org.protoface.pipeline.detect.scrfd.ScrfdOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens the detector a command names with {@code --detector}: {@code lbp} (the default: OpenCV's
 * improved LBP frontal cascade) or {@code haar} (OpenCV's Haar alt2 frontal cascade), both bundled
 * in the opencv jar, or a user's SCRFD-style {@code FILE.onnx} ({@link ScrfdDetector}, run by
 * ONNX Runtime). The one place where detectors plug in: a new kind adds a {@link Kind} and a
 * branch in {@link #open}.
 */
public final class Detectors {
    /** The detector used when none is named. */
    public static final String DEFAULT = "lbp";

    /** The families of detectors, each with its own options. */
    public enum Kind {
        /** OpenCV's bundled cascades, {@code lbp} and {@code haar}: {@link CascadeOptions}. */
        CASCADE,
        /** SCRFD-style ONNX files: {@link ScrfdOptions}. */
        SCRFD
    }

    private Detectors() {}

    /**
     * Which family {@code name} belongs to, without opening anything.
     *
     * @param name {@code lbp}, {@code haar} (any case) or a path ending in {@code .onnx}; null means the default
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Kind kind(String name) {
        String key = name == null ? DEFAULT : name.trim().toLowerCase(Locale.ROOT);
        if (key.equals("lbp") || key.equals("haar")) return Kind.CASCADE;
        if (key.endsWith(".onnx")) return Kind.SCRFD;
        throw new IllegalArgumentException("--detector " + name + ": unknown detector; use lbp (default), haar, or an SCRFD-style FILE.onnx");
    }

    /**
     * Opens the named detector with the options of its family; the other family's options are not used.
     *
     * @param cascade options for {@code lbp} and {@code haar}
     * @param scrfd   options for an {@code .onnx} file (ONNX Runtime picks its own thread count)
     * @throws IllegalArgumentException for an unknown name, or an ONNX file that is not an SCRFD-style detector
     * @throws IOException              naming the file when an ONNX detector is missing or cannot be loaded
     */
    public static FaceDetector open(String name, CascadeOptions cascade, ScrfdOptions scrfd) throws IOException {
        String key = name == null ? DEFAULT : name.trim();
        return switch (kind(key)) {
            case CASCADE -> new CascadeFaceDetector(key.equalsIgnoreCase("haar") ? CascadeFiles.HAAR_FRONTAL_FACE : CascadeFiles.LBP_FRONTAL_FACE,
                    cascade);
            case SCRFD -> ScrfdDetector.open(Path.of(key), scrfd, 0);
        };
    }
}
