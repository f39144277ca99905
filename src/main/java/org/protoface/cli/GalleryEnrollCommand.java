package org.protoface.cli;

import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.FaceRecognizer;
import org.protoface.pipeline.Photos;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.gallery.Enrolment;
import org.protoface.pipeline.gallery.Gallery;
import org.protoface.pipeline.gallery.GalleryModel;
import org.protoface.pipeline.gallery.HnswSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code protoface gallery enroll}: enrols identities into a gallery from photographs (the largest face of each)
 * or from {@code folder:DIR} (one identity per sub-folder), committing each identity on its own.
 * See docs/pipeline.md.
 */
@Command(name = "enroll", aliases = "enrol", mixinStandardHelpOptions = true,
        description = {"Enrol identities from their photographs into a gallery.",
                "--identity NAME IMAGE... enrols one identity from its photographs;",
                "folder:DIR enrols every sub-folder of DIR as an identity named after the folder.",
                "The largest face of each photograph is enrolled; each identity is committed on its own, so an",
                "interrupted enrolment keeps every identity it reported. A photograph already enrolled for the same identity",
                "(same bytes) is skipped, so re-running an interrupted enrolment does not enrol faces twice."})
public final class GalleryEnrollCommand implements Callable<Integer> {
    @Option(names = "--gallery", required = true, paramLabel = "DIR", description = "The gallery (created owner-only if absent).")
    Path gallery;

    @Option(names = "--model", required = true, paramLabel = "DIR|FILE.onnx",
            description = "The model that embeds the faces: a trained encoder's folder or an ONNX recogniser (see --input-mean).")
    Path model;

    @Mixin
    ModelInputOptions modelInput = new ModelInputOptions();

    @Option(names = "--identity", paramLabel = "NAME", description = "Name of the identity the IMAGEs show.")
    String identity;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|folder:DIR", description = "Photographs of --identity, or folder:DIR with one sub-folder per identity.")
    List<String> inputs;



    @Option(names = "--hnsw-m", defaultValue = "16", description = "HNSW neighbours per node for a new gallery (default: ${DEFAULT-VALUE}).")
    int hnswM;

    @Option(names = "--hnsw-beam", defaultValue = "100", description = "HNSW construction beam width for a new gallery (default: ${DEFAULT-VALUE}).")
    int hnswBeam;

    @Mixin
    FaceInputOptions faceInput = new FaceInputOptions();

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, List<Path>> plan = plan();
        PrintWriter console = spec.commandLine().getOut();
        try (EmbeddingModel m = modelInput.open(model);
             FaceDetector detector = faceInput.openDetector(detectorOptions);
             Gallery g = Gallery.openForWriting(gallery, GalleryModel.of(m, model.toAbsolutePath().toString(), faceInput.flipTest()), new HnswSettings(hnswM, hnswBeam))) {
            FaceRecognizer recognizer = faceInput.recognizer(detector, m);
            int faces = 0, skipped = 0, already = 0;
            for (Map.Entry<String, List<Path>> e : plan.entrySet()) {
                Enrolment.Summary s = Enrolment.enrol(g, recognizer, e.getKey(), e.getValue(), faceInput.aligned());
                faces += s.faces();
                skipped += s.noFace().size() + s.unreadable().size();
                already += s.alreadyEnrolled().size();
                console.printf("enrolled %s: %d face(s) from %d image(s)%s%s%n", s.identity(), s.faces(), e.getValue().size(), s.faces() > 0 ? ", committed" : "", notes(s));
                console.flush();
            }
            console.printf("gallery %s: %d face(s) added, %d image(s) skipped, %d already enrolled; %d identities, %d faces in total (model %s)%n",
                    gallery, faces, skipped, already, g.identities().size(), g.size(), g.model().label());
        }
        return 0;
    }

    private static String notes(Enrolment.Summary s) {
        StringBuilder b = new StringBuilder();
        if (!s.alreadyEnrolled().isEmpty()) b.append("; ").append(s.alreadyEnrolled().size()).append(" already enrolled, skipped");
        if (!s.noFace().isEmpty()) b.append("; no face in ").append(s.noFace());
        if (!s.several().isEmpty()) b.append("; several faces (largest enrolled) in ").append(s.several());
        for (String u : s.unreadable()) b.append("; skipped ").append(u);
        return b.toString();
    }

    /** Identity name -> its photographs, in the order given (folders: sub-folder names sorted). */
    private Map<String, List<Path>> plan() throws java.io.IOException {
        Map<String, List<Path>> plan = new LinkedHashMap<>();
        boolean folders = inputs.stream().anyMatch(s -> s.startsWith("folder:"));
        if (folders) {
            if (identity != null) throw new IllegalArgumentException("give either --identity NAME IMAGE... or folder:DIR, not both");
            for (String in : inputs) {
                if (!in.startsWith("folder:")) throw new IllegalArgumentException(in + ": mix of folder:DIR and image files; enrol folders on their own");
                Path dir = Path.of(in.substring("folder:".length()));
                if (!Files.isDirectory(dir)) throw new IllegalArgumentException(in + ": no such folder");
                List<Path> subs;
                try (Stream<Path> list = Files.list(dir)) {
                    subs = list.filter(Files::isDirectory).sorted().toList();
                }
                if (subs.isEmpty()) throw new IllegalArgumentException(in + ": no identity sub-folders");
                for (Path sub : subs) {
                    List<Path> photos = Photos.expand(List.of(sub));
                    if (!photos.isEmpty()) plan.computeIfAbsent(sub.getFileName().toString(), k -> new ArrayList<>()).addAll(photos);
                }
            }
        } else {
            if (identity == null || identity.isBlank()) throw new IllegalArgumentException("give --identity NAME for the images (or enrol folder:DIR)");
            plan.put(identity, Photos.expand(inputs.stream().map(Path::of).toList()));
        }
        return plan;
    }
}
