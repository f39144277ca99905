package org.protoface.cli;

import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.FaceRecognizer;
import org.protoface.pipeline.RecognizedFace;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.draw.DetectionPicture;
import org.protoface.pipeline.gallery.Gallery;
import org.protoface.pipeline.gallery.GalleryModel;
import org.protoface.pipeline.gallery.Identification;
import org.protoface.pipeline.io.FaceRecord;
import org.protoface.pipeline.io.FaceRecords;
import org.protoface.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;

/**
 * {@code protoface detect}: finds faces in photographs (OpenCV LBP/Haar cascades or an SCRFD {@code .onnx}
 * detector) and draws boxes, landmarks and, with {@code --gallery}, each face's identity and cosine into one
 * PNG. See "Commands" in README.md and docs/pipeline.md.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Find faces in photographs and draw their boxes and landmarks (eye centres from the cascades, five points from SCRFD).",
                "With --gallery each face is also labelled with its identity and cosine. Several photographs are drawn side by side."})
public final class DetectCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Photographs (JPEG, PNG).")
    List<Path> images;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The picture to write.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE.jsonl", description = "Also write the faces (source, box, score, landmarks) as JSON lines, readable by align --landmarks.")
    Path json;

    @Option(names = "--gallery", paramLabel = "DIR", description = "Label each face with its best identity in this gallery.")
    Path gallery;

    @Option(names = "--model", paramLabel = "DIR|FILE.onnx",
            description = "The gallery's model (default: where the gallery says it was; an ONNX model needs the --input-* flags it was enrolled with).")
    Path model;

    @Mixin
    ModelInputOptions modelInput = new ModelInputOptions();

    @Option(names = "--threshold", defaultValue = "0.35", description = "Cosine an identity must reach to be named (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--height", defaultValue = "400", description = "Height of each photograph in the picture (default: ${DEFAULT-VALUE}).")
    int height;

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        // every output is checked before any is written: a bad --json must not leave the picture behind
        AtomicFiles.requireWritable(out);
        if (json != null) AtomicFiles.requireWritable(json);
        List<DetectionPicture.Panel> panels = new ArrayList<>();
        List<FaceRecord> records = new ArrayList<>();
        try (FaceDetector detector = detectorOptions.open(); GalleryLookup lookup = GalleryLookup.open(gallery, model, modelInput)) {
            FaceRecognizer recognizer = lookup == null ? null : new FaceRecognizer(detector, lookup.model, lookup.flipTest);
            for (Path image : images) {
                BufferedImage photo = PipelineInputs.photo(image);
                long t0 = System.nanoTime();
                List<DetectedFace> faces = detector.detect(photo);
                double ms = (System.nanoTime() - t0) / 1e6;
                List<String> labels = new ArrayList<>();
                if (recognizer != null) {
                    for (RecognizedFace f : recognizer.embedFaces(photo, faces)) {
                        Identification id = lookup.identify(f.embedding(), threshold);
                        labels.add(String.format(Locale.ROOT, "%s %.2f", id.decision(), id.bestCosine()));
                    }
                }
                for (int i = 0; i < faces.size(); i++) records.add(new FaceRecord(image.toString(), null, i, faces.get(i), null));
                console.printf(Locale.ROOT, "%s: %d face(s) in %.0f ms%s%n", image, faces.size(), ms, describe(faces, labels));
                panels.add(new DetectionPicture.Panel(image.getFileName().toString(), photo, faces, labels));
            }
        }
        BufferedImage picture = DetectionPicture.draw(panels, height);
        AtomicFiles.write(out, tmp -> {
            if (!ImageIO.write(picture, "png", tmp.toFile())) throw new java.io.IOException("no PNG writer for " + out);
        });
        console.println("picture written to " + out);
        if (json != null) {
            FaceRecords.writeJsonl(json, records);
            console.println("faces written to " + json);
        }
        return 0;
    }

    private static String describe(List<DetectedFace> faces, List<String> labels) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < faces.size(); i++) {
            DetectedFace f = faces.get(i);
            // cascade scores count merged detections (whole numbers), SCRFD's are probabilities
            String score = f.score() >= 1 && f.score() == Math.rint(f.score()) ? String.format(Locale.ROOT, "%.0f", f.score())
                    : String.format(Locale.ROOT, "%.3f", f.score());
            s.append(String.format(Locale.ROOT, "%n  face %d: box %.0f,%.0f %.0fx%.0f score %s, %s", i, f.box().x(), f.box().y(), f.box().width(),
                    f.box().height(), score, f.hasLandmarks() ? f.landmarks().size() + " landmarks" : "no landmarks"));
            if (i < labels.size()) s.append(", ").append(labels.get(i));
        }
        return s.toString();
    }

    /**
     * A gallery and the model that made it, for labelling faces; the faces are embedded with the
     * gallery's flip-test setting (with the flip test when the gallery does not record it).
     */
    static final class GalleryLookup implements AutoCloseable {
        final Gallery gallery;
        final EmbeddingModel model;
        final boolean flipTest;

        private GalleryLookup(Gallery gallery, EmbeddingModel model, boolean flipTest) {
            this.gallery = gallery;
            this.model = model;
            this.flipTest = flipTest;
        }

        static GalleryLookup open(Path galleryDir, Path modelPath, ModelInputOptions modelInput) throws java.io.IOException {
            if (galleryDir == null) {
                if (modelPath != null) throw new IllegalArgumentException("--model is used with --gallery; give both or neither");
                if (modelInput.overrides().any()) {
                    throw new IllegalArgumentException("--input-mean, --input-std, --bgr and --input-size describe the --gallery model; give --gallery");
                }
                return null;
            }
            Gallery g = GalleryCommand.openGallery(galleryDir);
            try {
                EmbeddingModel m = modelInput.open(GalleryCommand.modelPath(g, modelPath));
                boolean flipTest = !Boolean.FALSE.equals(g.model().flipTest());
                try {
                    g.model().requireSame(GalleryModel.of(m, null, flipTest), galleryDir);
                } catch (RuntimeException e) {
                    m.close();
                    throw e;
                }
                return new GalleryLookup(g, m, flipTest);
            } catch (RuntimeException | java.io.IOException e) {
                g.close();
                throw e;
            }
        }

        Identification identify(float[] embedding, double threshold) throws java.io.IOException {
            return new Identification(gallery.identify(embedding, 1, GalleryCommand.CANDIDATES), threshold);
        }

        @Override
        public void close() throws java.io.IOException {
            try {
                gallery.close();
            } finally {
                model.close();
            }
        }
    }
}
