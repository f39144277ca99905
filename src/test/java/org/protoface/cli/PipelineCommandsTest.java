package org.protoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openlca.npy.Npy;
import org.openlca.npy.NpyArray;
import org.protoface.app.Main;
import org.protoface.data.synthetic.SyntheticFolderWriter;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.pipeline.TestModels;
import org.protoface.pipeline.TestPhotos;
import org.protoface.pipeline.align.AlignmentTemplate;
import org.protoface.pipeline.io.FaceRecord;
import org.protoface.pipeline.io.FaceRecords;
import org.protoface.torch.Torch;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The pipeline commands end to end on the test photographs, with untrained models. */
class PipelineCommandsTest {
    @TempDir
    static Path dir;
    static Path modelA, modelB;

    @BeforeAll
    static void models() throws Exception {
        Torch.init();
        modelA = TestModels.random(dir.resolve("model-a"), 1);
        modelB = TestModels.random(dir.resolve("model-b"), 2);
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static String photo(String name) {
        return TestPhotos.path(name).toString();
    }

    @Test
    void embedWritesOneRowPerFaceInNpyAndJsonl() throws Exception {
        Path out = dir.resolve("emb.npy");
        Result r = run("embed", "--model", modelA.toString(), "--out", out.toString(), photo(TestPhotos.GRACE_HOPPER), photo(TestPhotos.COFFEE),
                photo(TestPhotos.ASTRONAUT));
        assertThat(r.code()).as(r.err()).isZero();

        NpyArray<?> npy = Npy.read(out.toFile());
        assertThat(npy.shape()).containsExactly(2, 128);
        float[] flat = (float[]) npy.data();
        List<FaceRecord> rows = FaceRecords.read(dir.resolve("emb.jsonl"));
        assertThat(rows).extracting(FaceRecord::source).containsExactly(photo(TestPhotos.GRACE_HOPPER), photo(TestPhotos.ASTRONAUT));
        for (int i = 0; i < 2; i++) {
            double norm = 0;
            for (int k = 0; k < 128; k++) {
                assertThat(rows.get(i).embedding()[k]).isEqualTo(flat[i * 128 + k]);
                norm += flat[i * 128 + k] * flat[i * 128 + k];
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
            assertThat(rows.get(i).face().landmarks()).hasSize(2);
        }
        assertThat(r.out()).contains("1 without a face");
    }

    @Test
    void embedAlignedCountsAndSkipsAnImageThatIsNotASquareCrop() throws Exception {
        Path out = dir.resolve("aligned.npy");
        // grace_hopper is 512 x 512 (taken whole as a crop); coffee is 600 x 400
        Result r = run("embed", "--aligned", "--model", modelA.toString(), "--out", out.toString(), photo(TestPhotos.GRACE_HOPPER),
                photo(TestPhotos.COFFEE));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Npy.read(out.toFile()).shape()).containsExactly(1, 128);
        assertThat(FaceRecords.read(dir.resolve("aligned.jsonl"))).extracting(FaceRecord::source)
                .containsExactly(photo(TestPhotos.GRACE_HOPPER));
        // a readable photograph that is not square is not "unreadable": the message and the count say what it is
        assertThat(r.out()).contains("skipped " + photo(TestPhotos.COFFEE) + ": 600 x 400 is not square (an aligned face crop must be square)")
                .contains("0 unreadable, 1 not square (skipped)");

        // only non-square images: nothing to write, and the error says why rather than "could not be read"
        Result none = run("embed", "--aligned", "--model", modelA.toString(), "--out", dir.resolve("none-square.npy").toString(),
                photo(TestPhotos.COFFEE));
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip()).startsWith("protoface: ").contains("none of the 1 image(s) could be used (1 not square: ")
                .contains(photo(TestPhotos.COFFEE)).doesNotContain("unreadable").doesNotContain("\n");
        assertThat(dir.resolve("none-square.npy")).doesNotExist();
    }

    @Test
    void detectDrawsAPictureAndWritesFacesAlignCanRead() throws Exception {
        Path png = dir.resolve("faces.png"), json = dir.resolve("faces.jsonl");
        Result r = run("detect", "--out", png.toString(), "--json", json.toString(), photo(TestPhotos.GRACE_HOPPER), photo(TestPhotos.COFFEE));
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage picture = ImageIO.read(png.toFile());
        // two 512 x 512 and 600 x 400 photographs side by side at height 400
        assertThat(picture.getHeight()).isGreaterThan(400);
        assertThat(picture.getWidth()).isGreaterThan(400 + 600);
        assertThat(FaceRecords.read(json)).hasSize(1);

        // align the detected face from the detector's own output
        Path aligned = dir.resolve("aligned");
        Result a = run("align", "--input", "/", "--landmarks", json.toString(), "--out", aligned.toString(), "--size", "112");
        assertThat(a.code()).as(a.err()).isZero();
        FaceRecord crop = FaceRecords.read(aligned.resolve("aligned.jsonl")).get(0);
        // with two eyes the transform is exact: they land on the template's eyes
        for (int e = 0; e < 2; e++) {
            assertThat(crop.face().landmarks().get(e).x()).isCloseTo(AlignmentTemplate.arcface(112).points().get(e).x(), within(1e-6));
            assertThat(crop.face().landmarks().get(e).y()).isCloseTo(AlignmentTemplate.arcface(112).points().get(e).y(), within(1e-6));
        }
        assertThat(ImageIO.read(aligned.resolve(crop.source()).toFile()).getWidth()).isEqualTo(112);
    }

    @Test
    void alignKeepsASynthDatasetFolderPerIdentity() throws Exception {
        Path ds = dir.resolve("synth");
        new SyntheticFolderWriter(new SyntheticSpec(2, 2, 64, 5, 0, 1.0), 1).write(ds);
        Path out = dir.resolve("synth-aligned");
        Result r = run("align", "--input", ds.toString(), "--landmarks", ds.resolve("landmarks.tsv").toString(), "--out", out.toString(), "--size", "32");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("0/0.png")).exists();
        assertThat(out.resolve("1/1.png")).exists();
        assertThat(ImageIO.read(out.resolve("1/1.png").toFile()).getWidth()).isEqualTo(32);
        assertThat(FaceRecords.read(out.resolve("aligned.jsonl"))).extracting(FaceRecord::label).containsExactly("0", "0", "1", "1");
    }

    @Test
    void verifyingAPhotoWithItselfGivesCosineOne() {
        Result r = run("gallery", "verify", "--model", modelA.toString(), photo(TestPhotos.ASTRONAUT), photo(TestPhotos.ASTRONAUT));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cosine 1.0000: same person");
    }

    @Test
    void galleryEnrolIdentifyRemoveAndRefuseAnotherModel() throws Exception {
        Path g = dir.resolve("gallery");
        assertThat(run("gallery", "enroll", "--gallery", g.toString(), "--model", modelA.toString(), "--identity", "grace",
                photo(TestPhotos.GRACE_HOPPER)).code()).isZero();
        Result coffee = run("gallery", "enroll", "--gallery", g.toString(), "--model", modelA.toString(), "--identity", "cup", photo(TestPhotos.COFFEE));
        assertThat(coffee.code()).isEqualTo(2);
        assertThat(coffee.err()).contains("identity cup").contains("nothing enrolled").doesNotContain("Exception");
        assertThat(run("gallery", "enroll", "--gallery", g.toString(), "--model", modelA.toString(), "--identity", "eileen",
                photo(TestPhotos.ASTRONAUT)).code()).isZero();

        Path json = dir.resolve("who.json");
        // no --model: the gallery remembers where its model is
        Result who = run("gallery", "identify", "--gallery", g.toString(), "--threshold", "0.99", "--json", json.toString(), photo(TestPhotos.ASTRONAUT));
        assertThat(who.code()).as(who.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(json.toFile()).get(0);
        assertThat(first.get("decision").asText()).isEqualTo("eileen");
        assertThat(first.get("matches").get(0).get("cosine").asDouble()).isCloseTo(1.0, within(1e-5));
        assertThat(first.get("matches")).hasSize(2);

        Result refused = run("gallery", "identify", "--gallery", g.toString(), "--model", modelB.toString(), photo(TestPhotos.ASTRONAUT));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains(modelA.toString()).contains(modelB.toString()).doesNotContain("Exception");
        Result refusedEnrol = run("gallery", "enroll", "--gallery", g.toString(), "--model", modelB.toString(), "--identity", "x", photo(TestPhotos.ASTRONAUT));
        assertThat(refusedEnrol.code()).isEqualTo(2);
        assertThat(refusedEnrol.err()).contains(modelA.toString()).contains(modelB.toString());

        assertThat(run("gallery", "remove", "--gallery", g.toString(), "--identity", "eileen").code()).isZero();
        Result info = run("gallery", "info", "--gallery", g.toString(), "--list");
        assertThat(info.out()).contains("identities: 1").contains("faces:      1").contains("grace");
        Result missing = run("gallery", "remove", "--gallery", g.toString(), "--identity", "eileen");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no identity eileen");
    }

    @Test
    void aGalleryEnrolledWithoutTheFlipTestRefusesAProbeWithIt() {
        Path g = dir.resolve("no-flip-gallery");
        assertThat(run("gallery", "enroll", "--no-flip", "--gallery", g.toString(), "--model", modelA.toString(), "--identity", "eileen",
                photo(TestPhotos.ASTRONAUT)).code()).isZero();
        assertThat(run("gallery", "info", "--gallery", g.toString()).out()).contains("flip test:  off");

        Result refused = run("gallery", "identify", "--gallery", g.toString(), photo(TestPhotos.ASTRONAUT));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).startsWith("protoface: ").contains(g.toString()).contains("pass --no-flip")
                .doesNotContain("\n").doesNotContain("Exception");
        Result refusedEnrol = run("gallery", "enroll", "--gallery", g.toString(), "--model", modelA.toString(), "--identity", "grace",
                photo(TestPhotos.GRACE_HOPPER));
        assertThat(refusedEnrol.code()).isEqualTo(2);
        assertThat(refusedEnrol.err()).contains(g.toString()).contains("--no-flip");

        Result matching = run("gallery", "identify", "--no-flip", "--gallery", g.toString(), "--threshold", "0.99", photo(TestPhotos.ASTRONAUT));
        assertThat(matching.code()).as(matching.err()).isZero();
        assertThat(matching.out()).contains("face 0: eileen");
        // detect has no --no-flip: it embeds with the gallery's setting, so the enrolled photograph scores 1
        Result drawn = run("detect", "--gallery", g.toString(), "--threshold", "0.99", "--out", dir.resolve("no-flip.png").toString(),
                photo(TestPhotos.ASTRONAUT));
        assertThat(drawn.code()).as(drawn.err()).isZero();
        assertThat(drawn.out()).contains("eileen 1.00");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Path notImage = dir.resolve("notes.jpg");
        Files.writeString(notImage, "not a photograph");
        Result r = run("gallery", "verify", "--model", modelA.toString(), notImage.toString(), photo(TestPhotos.ASTRONAUT));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("notes.jpg").doesNotContain("\tat ");
        Result noGallery = run("gallery", "info", "--gallery", dir.resolve("nothing").toString());
        assertThat(noGallery.code()).isEqualTo(2);
        assertThat(noGallery.err()).contains("no gallery here");
    }
}
