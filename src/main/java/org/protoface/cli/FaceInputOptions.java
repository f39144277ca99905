package org.protoface.cli;

import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.FaceRecognizer;
import org.protoface.pipeline.detect.FaceDetector;
import picocli.CommandLine.Option;

import java.io.IOException;

/**
 * How the images of every command that embeds faces ({@code embed}, {@code gallery
 * enroll|identify|verify}) reach the model: photographs searched by the detector, or aligned crops
 * ({@code --aligned}) taken whole; and whether the flip test runs ({@code --no-flip}). One place, so
 * the commands accept the same flags with the same meaning.
 */
public final class FaceInputOptions {
    @Option(names = "--aligned", description = "The images are aligned face crops: no detection, one face per image.")
    boolean aligned;

    @Option(names = "--no-flip", description = "Embed without the flip test (by default the mirrored crop's embedding is added to the crop's).")
    boolean noFlip;

    /** Whether the images are aligned crops (no detection). */
    public boolean aligned() {
        return aligned;
    }

    /** Whether the flip test runs (no {@code --no-flip}); a gallery records it at enrolment. */
    public boolean flipTest() {
        return !noFlip;
    }

    /**
     * The recogniser for these flags: {@code detector}'s faces, or whole aligned crops, embedded by
     * {@code model} with or without the flip test. Close the detector it opened with {@link #openDetector}.
     *
     * @param detector the detector {@link #openDetector} returned (null with {@code --aligned})
     */
    public FaceRecognizer recognizer(FaceDetector detector, EmbeddingModel model) {
        return new FaceRecognizer(detector, model, !noFlip);
    }

    /**
     * Opens the detector the {@code options} name, or none for aligned crops.
     *
     * @return null with {@code --aligned}
     * @throws IllegalArgumentException as {@link DetectorOptions#open}
     * @throws IOException              as {@link DetectorOptions#open}
     */
    public FaceDetector openDetector(DetectorOptions options) throws IOException {
        return aligned ? null : options.open();
    }
}
