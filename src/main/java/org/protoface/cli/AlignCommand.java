package org.protoface.cli;

import org.protoface.pipeline.align.AlignmentTemplate;
import org.protoface.pipeline.align.BilinearWarp;
import org.protoface.pipeline.align.FaceAligner;
import org.protoface.pipeline.align.SimilarityTransform;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;
import org.protoface.pipeline.io.FaceRecord;
import org.protoface.pipeline.io.FaceRecords;
import org.protoface.util.StagedFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;

/**
 * {@code protoface align}: warps every face whose landmarks are known (synth {@code landmarks.tsv} or an
 * {@code embed}/{@code detect --json} {@code .jsonl}) onto the ArcFace five-point template with a
 * least-squares similarity transform (Umeyama 1991) and writes {@code --size} x {@code --size} pixel crops
 * plus {@code aligned.jsonl}. See "Commands" in README.md and docs/pipeline.md.
 */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = {"Align a dataset whose landmarks are known onto the ArcFace five-point template.",
                "Each face is warped onto the template (Umeyama least squares; the two eyes alone when only they are known)",
                "at --size x --size.",
                "Landmarks: a synth landmarks.tsv or the .jsonl of embed / detect --json. Writes DIR/<image>.png",
                "(folder-per-identity stays folder-per-identity) and DIR/aligned.jsonl with the landmarks in the crops.",
                "The landmark file and every image are checked first, and the output appears only when all crops are written."})
public final class AlignCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "SOURCE", description = "Folder the landmark file's image paths are relative to (or folder:DIR).")
    String input;

    @Option(names = "--landmarks", required = true, paramLabel = "FILE", description = "landmarks.tsv (from synth) or faces .jsonl (from embed, detect --json).")
    Path landmarks;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--size", defaultValue = "112", description = "Side of the aligned crops (default: ${DEFAULT-VALUE}).")
    int size;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(input.startsWith("folder:") ? input.substring("folder:".length()) : input);
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("--input " + input + ": no such folder");
        if (!Files.isRegularFile(landmarks)) throw new IllegalArgumentException("--landmarks " + landmarks + ": no such file");
        List<FaceRecords.Located> records = FaceRecords.readLocated(landmarks);
        if (records.isEmpty()) throw new IllegalArgumentException(landmarks + ": no face records");
        FaceAligner aligner = new FaceAligner(AlignmentTemplate.arcface(size));
        Map<String, Integer> facesPerSource = new HashMap<>();
        for (FaceRecords.Located r : records) facesPerSource.merge(r.record().source(), 1, Integer::sum);
        // everything that can be wrong with the input is found before anything is written
        List<SimilarityTransform> transforms = LandmarkCheck.transforms(records, root, aligner);
        List<FaceRecord> aligned = new ArrayList<>();
        try (StagedFolder staged = StagedFolder.open(out)) {
            String cachedSource = null;
            BufferedImage photo = null;
            for (int i = 0; i < records.size(); i++) {
                FaceRecord r = records.get(i).record();
                if (!r.source().equals(cachedSource)) {
                    photo = PipelineInputs.photo(root.resolve(r.source()));
                    cachedSource = r.source();
                }
                SimilarityTransform t = transforms.get(i);
                String name = outputName(r, facesPerSource.get(r.source()) > 1);
                BufferedImage crop = BilinearWarp.toImage(photo, t, size);
                Path target = staged.resolve(name);
                Files.createDirectories(target.getParent());
                if (!ImageIO.write(crop, "png", target.toFile())) throw new java.io.IOException("no PNG writer for " + target);
                List<Point2> moved = new ArrayList<>();
                for (Point2 p : r.face().landmarks()) moved.add(t.apply(p));
                aligned.add(new FaceRecord(name, r.label(), r.index(), new DetectedFace(new FaceBox(0, 0, size, size), r.face().score(), moved), null));
            }
            FaceRecords.writeJsonl(staged.resolve("aligned.jsonl"), aligned);
            staged.commit();
        }
        PrintWriter console = spec.commandLine().getOut();
        console.printf("aligned %d face(s) from %d image(s) to %d x %d crops in %s (landmarks in the crops: %s)%n", aligned.size(),
                facesPerSource.size(), size, size, out, out.resolve("aligned.jsonl"));
        return 0;
    }

    /** The crop's path under the output folder: the image's own relative path as .png, with _face<i> when it has several faces. */
    static String outputName(FaceRecord r, boolean several) {
        Path rel = Path.of(r.source());
        if (rel.isAbsolute()) rel = rel.getFileName();
        String s = rel.toString().replace('\\', '/');
        int dot = s.lastIndexOf('.');
        String stem = dot > s.lastIndexOf('/') ? s.substring(0, dot) : s;
        return (several ? stem + "_face" + r.index() : stem) + ".png";
    }
}
