package org.protoface.cli;

import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.FaceRecognizer;
import org.protoface.pipeline.PhotoFaces;
import org.protoface.pipeline.RecognizedFace;
import org.protoface.pipeline.detect.FaceDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code protoface gallery verify}: 1:1 verification, the cosine between the largest faces of two photographs and
 * same/different at {@code --threshold}. See docs/pipeline.md.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "1:1 verification: the cosine between the largest faces of two photographs, and same/different at --threshold.")
public final class GalleryVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE1")
    Path first;

    @Parameters(index = "1", paramLabel = "IMAGE2")
    Path second;

    @Option(names = "--model", required = true, paramLabel = "DIR|FILE.onnx",
            description = "A trained encoder (a run's model/ folder) or an ONNX recogniser (see --input-mean).")
    Path model;

    @Mixin
    ModelInputOptions modelInput = new ModelInputOptions();

    @Option(names = "--threshold", defaultValue = "0.35", description = "Cosine at or above which the faces are the same person (default: ${DEFAULT-VALUE}).")
    double threshold;



    @Mixin
    FaceInputOptions faceInput = new FaceInputOptions();

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (EmbeddingModel m = modelInput.open(model); FaceDetector detector = faceInput.openDetector(detectorOptions)) {
            FaceRecognizer recognizer = faceInput.recognizer(detector, m);
            float[] a = face(recognizer, first), b = face(recognizer, second);
            double dot = 0;
            for (int i = 0; i < a.length; i++) dot += (double) a[i] * b[i];
            double cos = Math.max(-1, Math.min(1, dot));
            spec.commandLine().getOut().printf(Locale.ROOT, "cosine %.4f: %s (threshold %.3f)%n", cos, cos >= threshold ? "same person" : "different people",
                    threshold);
        }
        return 0;
    }

    private float[] face(FaceRecognizer recognizer, Path image) throws Exception {
        PhotoFaces found;
        try {
            found = PhotoFaces.read(recognizer, image, faceInput.aligned());
        } catch (org.protoface.data.CorruptRecordException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        RecognizedFace f = found.largest().orElseThrow(() -> new IllegalArgumentException(image + ": no face found (try --min-face or --aligned)"));
        return f.embedding();
    }
}
