package org.protoface.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.protoface.data.CorruptRecordException;
import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.FaceRecognizer;
import org.protoface.pipeline.NotSquareCropException;
import org.protoface.pipeline.PhotoFaces;
import org.protoface.pipeline.Photos;
import org.protoface.pipeline.RecognizedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.gallery.ExactIndex;
import org.protoface.pipeline.gallery.Gallery;
import org.protoface.pipeline.gallery.GalleryModel;
import org.protoface.pipeline.gallery.Identification;
import org.protoface.pipeline.gallery.IdentityMatch;
import org.protoface.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code protoface gallery identify}: identifies the faces in photographs against a gallery (per identity the best
 * cosine over its faces; below {@code --threshold} the face is "unknown"). See docs/pipeline.md.
 */
@Command(name = "identify", mixinStandardHelpOptions = true,
        description = {"Identify the faces in photographs against a gallery.",
                "Each identity scores the best cosine over its faces; a face whose best identity scores below --threshold is \"unknown\"."})
public final class GalleryIdentifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--gallery", required = true, paramLabel = "DIR")
    Path gallery;

    @Option(names = "--model", paramLabel = "DIR|FILE.onnx",
            description = {"The gallery's model (default: where the gallery says it was; an ONNX model needs the --input-* flags it was enrolled with);",
                    "another model is refused."})
    Path model;

    @Mixin
    ModelInputOptions modelInput = new ModelInputOptions();

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Photographs or folders of them.")
    List<Path> images;

    @Option(names = "--top", defaultValue = "5", description = "Identities listed per face (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--threshold", defaultValue = "0.35", description = "Cosine the best identity must reach to be named (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--exact", description = "Exact search over every stored face instead of the HNSW graph.")
    boolean exact;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON (readable by its owner only, like the gallery).")
    Path json;



    @Mixin
    FaceInputOptions faceInput = new FaceInputOptions();

    @Mixin
    DetectorOptions detectorOptions = new DetectorOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new IllegalArgumentException("--top must be at least 1, got " + top);
        if (!(threshold >= -1 && threshold <= 1)) throw new IllegalArgumentException("--threshold is a cosine in [-1, 1], got " + threshold);
        PrintWriter console = spec.commandLine().getOut();
        if (json != null) AtomicFiles.requireWritable(json);
        List<String> unreadable = new java.util.ArrayList<>(), notSquare = new java.util.ArrayList<>();
        int given = 0;
        ArrayNode results = JSON.createArrayNode();
        try (Gallery g = GalleryCommand.openGallery(gallery);
             EmbeddingModel m = modelInput.open(GalleryCommand.modelPath(g, model))) {
            g.model().requireSame(GalleryModel.of(m, null, faceInput.flipTest()), gallery);
            try (FaceDetector detector = faceInput.openDetector(detectorOptions);
                 ExactIndex index = exact ? g.exactIndex() : null) {
                FaceRecognizer recognizer = faceInput.recognizer(detector, m);
                List<Path> photos = Photos.expand(images);
                given = photos.size();
                for (Path image : photos) {
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
                    if (found.faces().isEmpty()) console.println(image + ": no face");
                    for (int i = 0; i < found.faces().size(); i++) {
                        RecognizedFace f = found.faces().get(i);
                        List<IdentityMatch> matches = exact ? index.identify(new float[][] {f.embedding()}, top).get(0)
                                : g.identify(f.embedding(), top, Math.max(GalleryCommand.CANDIDATES, top));
                        Identification id = new Identification(matches, threshold);
                        console.println(line(image, i, id));
                        results.add(json(image, i, f.face().box(), id));
                    }
                }
            }
        }
        UnreadableInputs.requireSomeUsable(given, unreadable, notSquare);
        if (json != null) {
            byte[] text = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            AtomicFiles.writeOwnerOnly(json, tmp -> java.nio.file.Files.write(tmp, text));
            console.println("written to " + json);
        }
        return 0;
    }

    private static String line(Path image, int face, Identification id) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s face %d: %s", image, face, id.decision()));
        for (IdentityMatch m : id.matches()) s.append(String.format(Locale.ROOT, "  %s %.3f", m.identity(), m.cosine()));
        return s.toString();
    }

    private static ObjectNode json(Path image, int face, FaceBox box, Identification id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("source", image.toString());
        o.put("face", face);
        o.putArray("box").add(box.x()).add(box.y()).add(box.width()).add(box.height());
        o.put("decision", id.decision());
        o.put("threshold", id.threshold());
        ArrayNode ms = o.putArray("matches");
        for (IdentityMatch m : id.matches()) ms.addObject().put("identity", m.identity()).put("cosine", m.cosine()).put("source", m.source());
        return o;
    }
}
