package org.protoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openlca.npy.Npy;
import org.protoface.cli.PipelineCommandsTest.Result;
import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.FaceEmbeddings;
import org.protoface.infer.Models;
import org.protoface.pipeline.Photos;
import org.protoface.pipeline.TestModels;
import org.protoface.pipeline.TestPhotos;
import org.protoface.pipeline.align.AlignmentTemplate;
import org.protoface.pipeline.align.BilinearWarp;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;
import org.protoface.pipeline.detect.scrfd.ScrfdTestGraphs;
import org.protoface.pipeline.io.FaceRecord;
import org.protoface.pipeline.io.FaceRecords;
import org.protoface.torch.Torch;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.protoface.cli.PipelineCommandsTest.photo;
import static org.protoface.cli.PipelineCommandsTest.run;

/**
 * The pipeline commands with ONNX models: an SCRFD-shaped detector graph whose outputs are known
 * constants ({@code --detector FILE.onnx}), and an encoder exported by {@code protoface export}
 * ({@code --model FILE.onnx}) against the model folder it came from.
 */
class OnnxPipelineCommandsTest {
    /** Side of the tiny detector's input. */
    private static final int SIDE = 64;
    /**
     * coffee.png is 600 x 400: letterboxed into 64 x 64 it becomes 64 x (int) (64 x 400 / 600) = 64 x 42
     * at the top left, so an image coordinate is a network coordinate x 400 / 42.
     */
    private static final double TO_IMAGE = 400.0 / 42;

    @TempDir
    static Path dir;
    static Path folderModel, otherModel, onnxModel, detector;

    @BeforeAll
    static void models() throws Exception {
        Torch.init();
        folderModel = TestModels.random(dir.resolve("model-a"), 1);
        otherModel = TestModels.random(dir.resolve("model-b"), 2);
        onnxModel = dir.resolve("export").resolve("model-a.onnx");
        Result export = run("export", "--model", folderModel.toString(), "--out", onnxModel.toString());
        assertThat(export.code()).as(export.err()).isZero();
        detector = ScrfdTestGraphs.constantModel(dir.resolve("tiny-scrfd.onnx"), twoFaces());
    }

    /**
     * Face A, score 0.9: stride 8, cell (3, 2), anchor 1 -> row (2 x 8 + 3) x 2 + 1 = 39, anchor centre (24, 16).
     * Face B, score 0.7: stride 16, cell (3, 1), anchor 0 -> row (1 x 4 + 3) x 2 = 14, anchor centre (48, 16).
     * Distances and keypoint offsets are in stride units; every other anchor scores 0.01.
     */
    private static ScrfdTestGraphs.Outputs twoFaces() {
        return new ScrfdTestGraphs.Outputs(SIDE)
                .set(0, 39, 0.9f, new float[] {1, 1, 1, 2}, new float[] {-0.5f, -0.5f, 0.5f, -0.5f, 0, 0, -0.4f, 0.6f, 0.4f, 0.6f})
                .set(1, 14, 0.7f, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new float[] {-0.25f, -0.25f, 0.25f, -0.25f, 0, 0, -0.2f, 0.3f, 0.2f, 0.3f});
    }

    /** A: box (24 - 8, 16 - 8) to (24 + 8, 16 + 16); points (24 + 8 dx, 16 + 8 dy). In network pixels. */
    private static final double[] BOX_A = {16, 8, 16, 24};
    private static final double[] POINTS_A = {20, 12, 28, 12, 24, 16, 20.8, 20.8, 27.2, 20.8};
    /** B: box (48 - 8, 16 - 8) to (48 + 8, 16 + 8); points (48 + 16 dx, 16 + 16 dy). */
    private static final double[] BOX_B = {40, 8, 16, 16};
    private static final double[] POINTS_B = {44, 12, 52, 12, 48, 16, 44.8, 20.8, 51.2, 20.8};

    private static DetectedFace expected(double score, double[] box, double[] points) {
        List<Point2> p = new ArrayList<>();
        for (int i = 0; i < 10; i += 2) p.add(new Point2(points[i] * TO_IMAGE, points[i + 1] * TO_IMAGE));
        return new DetectedFace(new FaceBox(box[0] * TO_IMAGE, box[1] * TO_IMAGE, box[2] * TO_IMAGE, box[3] * TO_IMAGE), score, p);
    }

    private static void assertFace(DetectedFace actual, DetectedFace expected) {
        // float32 constants (0.4, 0.6, ...) decoded and scaled by 9.5: well inside 1e-3 px
        assertThat(actual.score()).isCloseTo(expected.score(), within(1e-6));
        assertThat(actual.box().x()).isCloseTo(expected.box().x(), within(1e-3));
        assertThat(actual.box().y()).isCloseTo(expected.box().y(), within(1e-3));
        assertThat(actual.box().width()).isCloseTo(expected.box().width(), within(1e-3));
        assertThat(actual.box().height()).isCloseTo(expected.box().height(), within(1e-3));
        assertThat(actual.landmarks()).hasSize(5);
        for (int k = 0; k < 5; k++) {
            assertThat(actual.landmarks().get(k).x()).as("point %d x", k).isCloseTo(expected.landmarks().get(k).x(), within(1e-3));
            assertThat(actual.landmarks().get(k).y()).as("point %d y", k).isCloseTo(expected.landmarks().get(k).y(), within(1e-3));
        }
    }

    @Test
    void detectWritesTheScrfdGraphsFacesInImageCoordinates() throws Exception {
        Path png = dir.resolve("scrfd.png"), json = dir.resolve("scrfd.jsonl");
        Result r = run("detect", photo(TestPhotos.COFFEE), "--detector", detector.toString(), "--out", png.toString(), "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 face(s)").contains("score 0.900, 5 landmarks");
        List<FaceRecord> faces = FaceRecords.read(json);
        assertThat(faces).hasSize(2);
        assertFace(faces.get(0).face(), expected(0.9, BOX_A, POINTS_A));
        assertFace(faces.get(1).face(), expected(0.7, BOX_B, POINTS_B));
        assertThat(ImageIO.read(png.toFile()).getHeight()).isGreaterThanOrEqualTo(400);

        // --min-score is SCRFD's probability threshold: 0.8 keeps A only
        Path strict = dir.resolve("strict.jsonl");
        Result s = run("detect", photo(TestPhotos.COFFEE), "--detector", detector.toString(), "--min-score", "0.8", "--out", png.toString(),
                "--json", strict.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(FaceRecords.read(strict)).hasSize(1);
        assertFace(FaceRecords.read(strict).get(0).face(), expected(0.9, BOX_A, POINTS_A));
    }

    @Test
    void embedAlignsFromTheScrfdLandmarks() throws Exception {
        Path out = dir.resolve("scrfd-emb.npy");
        Result r = run("embed", "--model", folderModel.toString(), "--detector", detector.toString(), "--out", out.toString(), photo(TestPhotos.COFFEE));
        assertThat(r.code()).as(r.err()).isZero();
        List<FaceRecord> rows = FaceRecords.read(dir.resolve("scrfd-emb.jsonl"));
        assertThat(rows).hasSize(2);
        DetectedFace a = expected(0.9, BOX_A, POINTS_A), b = expected(0.7, BOX_B, POINTS_B);
        assertFace(rows.get(0).face(), a);
        assertFace(rows.get(1).face(), b);
        // each row is the embedding of the crop warped from the graph's five points onto the template (not aligned from the box)
        try (EmbeddingModel m = Models.open(folderModel)) {
            BufferedImage photo = Photos.read(TestPhotos.path(TestPhotos.COFFEE));
            assertClose(rows.get(0).embedding(), alignedFromPoints(m, photo, a), 1e-5);
            assertClose(rows.get(1).embedding(), alignedFromPoints(m, photo, b), 1e-5);
        }
    }

    /** The unit embedding (flip test) of the crop that maps the face's landmarks onto the ArcFace template by least squares. */
    private static float[] alignedFromPoints(EmbeddingModel m, BufferedImage photo, DetectedFace face) {
        AlignmentTemplate template = AlignmentTemplate.arcface(m.input().size());
        float[] crop = BilinearWarp.toStandardChw(photo, template.transformFor(face.landmarks()), template.size());
        return FaceEmbeddings.embed(m, crop, 1, true, 1)[0];
    }

    @Test
    void aDetectorFlagOfTheOtherFamilyIsRefusedNamingIt() {
        Result r = run("embed", "--model", folderModel.toString(), "--detector", detector.toString(), "--min-face", "40", "--out",
                dir.resolve("x.npy").toString(), photo(TestPhotos.COFFEE));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("protoface: --min-face applies to the cascade detectors (lbp, haar) only, not to the SCRFD detector "
                + detector + "; drop it");
        Result d = run("detect", "--det-size", "320x320", "--out", dir.resolve("x.png").toString(), photo(TestPhotos.COFFEE));
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err().strip()).isEqualTo("protoface: --det-size applies to SCRFD .onnx detectors only, not to --detector lbp; drop it");
    }

    @Test
    void anExportedEncoderEmbedsAsItsModelFolderDoes() throws Exception {
        Path fromFolder = dir.resolve("folder.npy"), fromOnnx = dir.resolve("onnx.npy");
        String[] photos = {photo(TestPhotos.COFFEE), photo(TestPhotos.ASTRONAUT)};
        for (Path[] run : new Path[][] {{folderModel, fromFolder}, {onnxModel, fromOnnx}}) {
            List<String> args = new ArrayList<>(List.of("embed", "--model", run[0].toString(), "--detector", detector.toString(), "--out",
                    run[1].toString()));
            args.addAll(List.of(photos));
            Result r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
        }
        float[] a = (float[]) Npy.read(fromFolder.toFile()).data(), b = (float[]) Npy.read(fromOnnx.toFile()).data();
        assertThat(a).hasSize(4 * 128);
        assertClose(b, a, 1e-4);
    }

    @Test
    void aGalleryEnrolledWithAnOnnxModelIdentifiesAndRefusesOtherModels() throws Exception {
        Path g = dir.resolve("onnx-gallery");
        for (String[] who : new String[][] {{"grace", TestPhotos.GRACE_HOPPER}, {"eileen", TestPhotos.ASTRONAUT}}) {
            Result r = run("gallery", "enroll", "--gallery", g.toString(), "--model", onnxModel.toString(), "--identity", who[0], photo(who[1]));
            assertThat(r.code()).as(r.err()).isZero();
        }
        // no --model: the gallery names the .onnx file it was enrolled with
        Path json = dir.resolve("who.json");
        Result who = run("gallery", "identify", "--gallery", g.toString(), "--json", json.toString(), photo(TestPhotos.ASTRONAUT));
        assertThat(who.code()).as(who.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(json.toFile()).get(0);
        assertThat(first.get("decision").asText()).isEqualTo("eileen");
        assertThat(first.get("matches").get(0).get("cosine").asDouble()).isCloseTo(1.0, within(1e-5));

        Result labelled = run("detect", "--gallery", g.toString(), "--model", onnxModel.toString(), "--out", dir.resolve("who.png").toString(),
                photo(TestPhotos.ASTRONAUT));
        assertThat(labelled.code()).as(labelled.err()).isZero();
        assertThat(labelled.out()).contains("eileen 1.00");

        // the folder the ONNX file was exported from makes the same vectors, but is another model file: refused, naming both
        for (Path other : List.of(folderModel, otherModel)) {
            Result refused = run("gallery", "identify", "--gallery", g.toString(), "--model", other.toString(), photo(TestPhotos.ASTRONAUT));
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains(onnxModel.toString()).contains(other.toString()).doesNotContain("\tat ");
        }
        Result refusedEnrol = run("gallery", "enroll", "--gallery", g.toString(), "--model", folderModel.toString(), "--identity", "x",
                photo(TestPhotos.ASTRONAUT));
        assertThat(refusedEnrol.code()).isEqualTo(2);
        assertThat(refusedEnrol.err()).contains(onnxModel.toString()).contains(folderModel.toString());
    }

    @Test
    void verifyGivesTheSameCosineWithTheExportAndTheFolder() {
        double folder = cosine(run("gallery", "verify", "--model", folderModel.toString(), photo(TestPhotos.GRACE_HOPPER), photo(TestPhotos.ASTRONAUT)));
        double onnx = cosine(run("gallery", "verify", "--model", onnxModel.toString(), photo(TestPhotos.GRACE_HOPPER), photo(TestPhotos.ASTRONAUT)));
        // printed to 4 decimals: equal embeddings within 1e-4 give cosines within rounding
        assertThat(onnx).isCloseTo(folder, within(2e-4));
        assertThat(folder).isLessThan(0.999);
    }

    private static double cosine(Result r) {
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = Pattern.compile("cosine (-?[0-9.]+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void modelErrorsAreTheSameAsEvals() throws Exception {
        Path missing = dir.resolve("missing.onnx");
        Path bin = dir.resolve("none.bin");
        Result eval = run("eval", "--model", missing.toString(), "--bin", bin.toString());
        Result embed = run("embed", "--model", missing.toString(), "--out", dir.resolve("e.npy").toString(), photo(TestPhotos.COFFEE));
        assertThat(eval.code()).isEqualTo(2);
        assertThat(embed.code()).isEqualTo(2);
        assertThat(embed.err()).isEqualTo(eval.err()).isEqualTo("protoface: --model " + missing + ": no such model folder or .onnx file\n");

        Result evalFlags = run("eval", "--model", folderModel.toString(), "--input-mean", "127.5", "--bin", bin.toString());
        Result verifyFlags = run("gallery", "verify", "--model", folderModel.toString(), "--input-mean", "127.5", photo(TestPhotos.COFFEE),
                photo(TestPhotos.COFFEE));
        assertThat(verifyFlags.code()).isEqualTo(2);
        assertThat(verifyFlags.err()).isEqualTo(evalFlags.err()).contains("apply to .onnx models");
    }

    @Test
    void benchGalleryTakesAnOnnxModel() throws Exception {
        JsonNode folder = benchGallery(folderModel, "bench-folder.json"), onnx = benchGallery(onnxModel, "bench-onnx.json");
        assertThat(onnx.get("model").asText()).contains(onnxModel.toString());
        JsonNode a = folder.get("identification"), b = onnx.get("identification");
        for (String field : List.of("genuine_cosine_aligned", "impostor_cosine_aligned", "genuine_cosine_unaligned", "impostor_cosine_unaligned")) {
            assertThat(b.get(field).asDouble()).as(field).isCloseTo(a.get(field).asDouble(), within(1e-4));
        }
    }

    private static JsonNode benchGallery(Path model, String json) throws Exception {
        Path out = dir.resolve(json);
        Result r = run("bench", "gallery", "--model", model.toString(), "--identities", "3", "--enrol-images", "2", "--probe-images", "1",
                "--vectors", "0", "--render-size", "48", "--threads", "1", "--json", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(out.toFile());
    }

    private static void assertClose(float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) assertThat((double) actual[i]).as("value %d", i).isCloseTo(expected[i], within(tolerance));
    }
}
