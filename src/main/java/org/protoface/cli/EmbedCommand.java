package org.protoface.cli;

import org.protoface.data.CorruptRecordException;
import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.FaceRecognizer;
import org.protoface.pipeline.NotSquareCropException;
import org.protoface.pipeline.PhotoFaces;
import org.protoface.pipeline.Photos;
import org.protoface.pipeline.RecognizedFace;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.io.FaceRecord;
import org.protoface.pipeline.io.FaceRecords;
import org.protoface.pipeline.io.NpyWriter;
import org.protoface.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code protoface embed}: detects, aligns and embeds every face in photographs (or embeds aligned crops with
 * {@code --aligned}) and writes {@code FILE.npy} ({@code [n, d]} float32 unit embeddings) and {@code FILE.jsonl}
 * (one line per row). See "Commands" in README.md and docs/pipeline.md.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Detect, align and embed every face in photographs (or embed aligned crops with --aligned).",
                "Writes FILE.npy (n x d float32 unit embeddings, one row per face) and FILE.jsonl (per row: source, face,",
                "box, score, landmarks, embedding), both readable by their owner only (embeddings are biometric data).",
                "Unreadable images are named and skipped; if none can be read, nothing is written (exit 2)."})
public final class EmbedCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR|FILE.onnx",
            description = "A trained encoder (a run's model/ folder) or an ONNX recogniser (see --input-mean).")
    Path model;

    @Mixin
    ModelInputOptions modelInput = new ModelInputOptions();

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR", description = "Photographs (JPEG, PNG), or folders walked for " + Photos.NAMES + " files.")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output name; .npy and .jsonl are written next to each other.")
    Path out;



    @Mixin
    FaceInputOptions faceInput = new FaceInputOptions();

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> images = Photos.expand(inputs);
        if (images.isEmpty()) throw new IllegalArgumentException("no " + Photos.NAMES + " images in " + inputs);
        Path npy = withExtension(out, ".npy"), jsonl = withExtension(out, ".jsonl");
        AtomicFiles.requireWritable(npy);
        AtomicFiles.requireWritable(jsonl);
        PrintWriter console = spec.commandLine().getOut();
        List<FaceRecord> rows = new ArrayList<>();
        int noFace = 0, d;
        List<String> unreadable = new ArrayList<>(), notSquare = new ArrayList<>();
        try (EmbeddingModel m = modelInput.open(model); FaceDetector detector = faceInput.openDetector(detectorOptions)) {
            d = m.embeddingSize();
            FaceRecognizer recognizer = faceInput.recognizer(detector, m);
            for (Path image : images) {
                PhotoFaces found;
                try {
                    found = PhotoFaces.read(recognizer, image, faceInput.aligned());
                } catch (NotSquareCropException e) {
                    console.println("skipped " + e.getMessage());
                    notSquare.add(e.getMessage());
                    continue;
                } catch (CorruptRecordException e) {
                    console.println("skipped " + e.getMessage());
                    unreadable.add(e.getMessage());
                    continue;
                }
                if (found.faces().isEmpty()) noFace++;
                for (int i = 0; i < found.faces().size(); i++) {
                    RecognizedFace f = found.faces().get(i);
                    rows.add(new FaceRecord(image.toString(), null, i, f.face(), f.embedding()));
                }
            }
        }
        UnreadableInputs.requireSomeUsable(images.size(), unreadable, notSquare);
        float[][] matrix = new float[rows.size()][];
        for (int i = 0; i < matrix.length; i++) matrix[i] = rows.get(i).embedding();
        NpyWriter.write(npy, matrix, d);
        FaceRecords.writeJsonl(jsonl, rows);
        console.printf(Locale.ROOT, "%d face(s) from %d image(s) (%d without a face, %d unreadable%s): %s (%d x %d float32), %s%n", rows.size(),
                images.size(), noFace, unreadable.size(), faceInput.aligned() ? ", " + notSquare.size() + " not square (skipped)" : "", npy,
                rows.size(), d, jsonl);
        return 0;
    }

    static Path withExtension(Path p, String ext) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 && (name.endsWith(".npy") || name.endsWith(".jsonl") || name.endsWith(".tsv")) ? name.substring(0, dot) : name;
        return p.resolveSibling(stem + ext);
    }
}
