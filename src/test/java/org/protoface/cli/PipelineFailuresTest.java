package org.protoface.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.cli.PipelineCommandsTest.Result;
import org.protoface.data.synthetic.SyntheticFolderWriter;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.pipeline.TestModels;
import org.protoface.pipeline.TestPhotos;
import org.protoface.torch.Torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.protoface.cli.PipelineCommandsTest.photo;
import static org.protoface.cli.PipelineCommandsTest.run;

/** How the pipeline commands fail: one line naming the file and what to do, exit 2, nothing half-written. */
class PipelineFailuresTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void model() throws Exception {
        Torch.init();
        model = TestModels.random(dir.resolve("model"), 3);
    }

    private static void assertOneLineUserError(Result r) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("org.apache").doesNotContain(".tmp");
    }

    private static Path fakeImages() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("fake.jpg"), "not a photograph");
        byte[] jpeg = Files.readAllBytes(TestPhotos.path(TestPhotos.GRACE_HOPPER));
        Files.write(bad.resolve("trunc.jpg"), Arrays.copyOf(jpeg, 400));
        return bad;
    }

    @Test
    void anOutputUnderAFileNamesTheOutputAndTheFileInTheWay() throws Exception {
        Path det = Files.writeString(dir.resolve("det.png"), "a picture");
        Path onnx = det.resolve("x.onnx");
        Result export = run("export", "--model", model.toString(), "--out", onnx.toString());
        assertOneLineUserError(export);
        assertThat(export.err().strip()).isEqualTo("protoface: cannot write " + onnx + ": " + det.toAbsolutePath()
                + " is a file, not a folder; choose an output path inside a folder");
        Result detect = run("detect", "--out", det.resolve("x.png").toString(), photo(TestPhotos.COFFEE));
        assertOneLineUserError(detect);
        assertThat(detect.err()).startsWith("protoface: cannot write " + det.resolve("x.png") + ": " + det.toAbsolutePath() + " is a file");
    }

    @Test
    void anOutputInAFolderThatRefusesFilesNamesTheTargetNotTheTemporaryFile() {
        Result r = run("embed", "--model", model.toString(), "--out", "/proc/x.npy", photo(TestPhotos.ASTRONAUT));
        assertOneLineUserError(r);
        assertThat(r.err().strip()).isEqualTo("protoface: cannot write /proc/x.npy: folder /proc does not accept new files; choose another folder");
    }

    @Test
    void detectChecksEveryOutputBeforeWritingAny() throws Exception {
        Path png = dir.resolve("only-if-both.png");
        Path blocked = Files.writeString(dir.resolve("blocker.txt"), "x").resolve("faces.jsonl");
        Result r = run("detect", "--out", png.toString(), "--json", blocked.toString(), photo(TestPhotos.COFFEE));
        assertOneLineUserError(r);
        assertThat(r.err()).contains("cannot write " + blocked);
        assertThat(png).doesNotExist();
    }

    @Test
    void embedAndIdentifyFailWhenNoImageCanBeReadAndSkipTheUnreadableOtherwise() throws Exception {
        Path bad = fakeImages();
        Path npy = dir.resolve("none.npy");
        Result none = run("embed", "--model", model.toString(), "--out", npy.toString(), bad.resolve("fake.jpg").toString(),
                bad.resolve("trunc.jpg").toString());
        assertOneLineUserError(none);
        assertThat(none.err()).contains("none of the 2 image(s) could be read (2 unreadable: ").contains("fake.jpg").contains("trunc.jpg");
        assertThat(npy).doesNotExist();
        assertThat(dir.resolve("none.jsonl")).doesNotExist();

        Result some = run("embed", "--model", model.toString(), "--out", dir.resolve("some.npy").toString(), bad.resolve("fake.jpg").toString(),
                photo(TestPhotos.GRACE_HOPPER));
        assertThat(some.code()).as(some.err()).isZero();
        assertThat(some.out()).contains("skipped " + bad.resolve("fake.jpg")).contains("1 unreadable");

        Path g = dir.resolve("gallery-unreadable");
        assertThat(run("gallery", "enroll", "--gallery", g.toString(), "--model", model.toString(), "--identity", "grace",
                photo(TestPhotos.GRACE_HOPPER)).code()).isZero();
        Result identify = run("gallery", "identify", "--gallery", g.toString(), bad.resolve("fake.jpg").toString());
        assertOneLineUserError(identify);
        assertThat(identify.err()).contains("none of the 1 image(s) could be read").contains("fake.jpg");
    }

    @Test
    void embeddingOutputsAreOwnerOnly() throws Exception {
        Path npy = dir.resolve("private.npy");
        assertThat(run("embed", "--model", model.toString(), "--out", npy.toString(), photo(TestPhotos.GRACE_HOPPER)).code()).isZero();
        Set<PosixFilePermission> owner = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(npy)).isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(dir.resolve("private.jsonl"))).isEqualTo(owner);

        Path g = dir.resolve("gallery-private");
        assertThat(run("gallery", "enroll", "--gallery", g.toString(), "--model", model.toString(), "--identity", "grace",
                photo(TestPhotos.GRACE_HOPPER)).code()).isZero();
        Path json = dir.resolve("ids.json");
        assertThat(run("gallery", "identify", "--gallery", g.toString(), "--json", json.toString(), photo(TestPhotos.GRACE_HOPPER)).code()).isZero();
        assertThat(Files.getPosixFilePermissions(json)).isEqualTo(owner);
    }

    @Test
    void alignWritesNothingWhenAnImageOfTheLastRowIsMissing() throws Exception {
        Path ds = dir.resolve("synth-missing");
        new SyntheticFolderWriter(new SyntheticSpec(2, 2, 64, 5, 0, 1.0), 1).write(ds);
        List<String> rows = Files.readAllLines(ds.resolve("landmarks.tsv"));
        String last = rows.get(rows.size() - 1).split("\t")[0];
        Files.delete(ds.resolve(last));
        Path out = dir.resolve("aligned-missing");
        Result r = run("align", "--input", ds.toString(), "--landmarks", ds.resolve("landmarks.tsv").toString(), "--out", out.toString());
        assertOneLineUserError(r);
        assertThat(r.err()).contains("landmarks.tsv line " + rows.size() + ": image ").contains(last).contains("no such image file");
        assertThat(out).doesNotExist();
    }

    @Test
    void alignThatFailsWhileDecodingLeavesAnExistingOutputFolderAsItWas() throws Exception {
        Path ds = dir.resolve("synth-damaged");
        new SyntheticFolderWriter(new SyntheticSpec(2, 2, 64, 5, 0, 1.0), 1).write(ds);
        List<String> rows = Files.readAllLines(ds.resolve("landmarks.tsv"));
        Path last = ds.resolve(rows.get(rows.size() - 1).split("\t")[0]);
        // the PNG header (and so the size check) is intact, the pixels are cut off
        Files.write(last, Arrays.copyOf(Files.readAllBytes(last), 60));
        Path out = Files.createDirectories(dir.resolve("aligned-existing"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        Result r = run("align", "--input", ds.toString(), "--landmarks", ds.resolve("landmarks.tsv").toString(), "--out", out.toString());
        assertOneLineUserError(r);
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("keep.txt");
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void alignRefusesFarOutAndCoincidentLandmarksNamingFileLineAndField() throws Exception {
        Path ds = dir.resolve("synth-bad-landmarks");
        new SyntheticFolderWriter(new SyntheticSpec(1, 2, 64, 5, 0, 1.0), 1).write(ds);
        Path tsv = ds.resolve("landmarks.tsv");
        List<String> rows = Files.readAllLines(tsv);
        String[] f = rows.get(1).split("\t");
        f[4] = "500";   // x1, 500 px on a 64 px image: more than two image widths outside
        Files.write(tsv, List.of(rows.get(0), String.join("\t", f)));
        Result far = run("align", "--input", ds.toString(), "--landmarks", tsv.toString(), "--out", dir.resolve("never").toString());
        assertOneLineUserError(far);
        assertThat(far.err()).contains(tsv + " line 2: landmark x1 = 500.0 is far outside the image");

        String[] same = rows.get(1).split("\t");
        for (int i = 2; i < 12; i++) same[i] = "30";
        Files.write(tsv, List.of(rows.get(0), String.join("\t", same)));
        Result coincide = run("align", "--input", ds.toString(), "--landmarks", tsv.toString(), "--out", dir.resolve("never").toString());
        assertOneLineUserError(coincide);
        assertThat(coincide.err()).contains(tsv + " line 2: the source landmarks all coincide");
        assertThat(dir.resolve("never")).doesNotExist();
    }

    @Test
    void aFailedFirstEnrolmentLeavesNoGalleryBehind() throws Exception {
        Path bad = fakeImages();
        Path g = dir.resolve("G3");
        Result r = run("gallery", "enroll", "--gallery", g.toString(), "--model", model.toString(), "--identity", "x", bad.resolve("fake.jpg").toString());
        assertOneLineUserError(r);
        assertThat(g).doesNotExist();
        Path empty = Files.createDirectories(dir.resolve("G4"));
        run("gallery", "enroll", "--gallery", empty.toString(), "--model", model.toString(), "--identity", "x", bad.resolve("fake.jpg").toString());
        try (Stream<Path> left = Files.list(empty)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void reEnrollingTheSamePhotographsSkipsThem() throws Exception {
        Path g = dir.resolve("gallery-twice");
        Path copy = Files.copy(TestPhotos.path(TestPhotos.GRACE_HOPPER), dir.resolve("moved-grace.jpg"));
        assertThat(run("gallery", "enroll", "--gallery", g.toString(), "--model", model.toString(), "--identity", "grace",
                photo(TestPhotos.GRACE_HOPPER)).code()).isZero();
        Result again = run("gallery", "enroll", "--gallery", g.toString(), "--model", model.toString(), "--identity", "grace",
                photo(TestPhotos.GRACE_HOPPER), copy.toString(), photo(TestPhotos.ASTRONAUT));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("enrolled grace: 1 face(s) from 3 image(s), committed; 2 already enrolled, skipped");
        Result other = run("gallery", "enroll", "--gallery", g.toString(), "--model", model.toString(), "--identity", "someone",
                photo(TestPhotos.GRACE_HOPPER));
        assertThat(other.out()).contains("enrolled someone: 1 face(s)");
        Result info = run("gallery", "info", "--gallery", g.toString());
        assertThat(info.out()).contains("faces:      3 ");
    }

    @Test
    void aDamagedGalleryIsOneLineNamingGalleryFileAndWhatToDo() throws Exception {
        Path g = dir.resolve("gallery-damaged");
        assertThat(run("gallery", "enroll", "--gallery", g.toString(), "--model", model.toString(), "--identity", "grace",
                photo(TestPhotos.GRACE_HOPPER)).code()).isZero();
        Path segments;
        try (Stream<Path> files = Files.list(g)) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("segments_")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segments);
        Files.write(segments, Arrays.copyOf(bytes, bytes.length - 5));
        Result r = run("gallery", "info", "--gallery", g.toString());
        assertOneLineUserError(r);
        assertThat(r.err().strip()).startsWith("protoface: gallery " + g + " is damaged (" + segments.getFileName() + ": ")
                .endsWith("); restore it from a copy or enrol again into a new folder");

        Path notGallery = Files.createDirectories(dir.resolve("empty"));
        Result none = run("gallery", "identify", "--gallery", notGallery.toString(), photo(TestPhotos.GRACE_HOPPER));
        assertOneLineUserError(none);
        assertThat(none.err().strip()).isEqualTo("protoface: " + notGallery + ": no gallery here (enrol first with protoface gallery enroll)");
    }

    @Test
    void aFolderGivenAsAnImageSaysSoAndWhatIsAccepted() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("photos-folder"));
        Result r = run("detect", "--out", dir.resolve("f.png").toString(), folder.toString());
        assertOneLineUserError(r);
        assertThat(r.err().strip()).isEqualTo("protoface: " + folder + ": a folder, not an image file; give JPEG or PNG files (.jpg/.jpeg/.png)");
        Files.write(folder.resolve("old.bmp"), new byte[] {'B', 'M', 0, 0});
        Result bmp = run("embed", "--model", model.toString(), "--out", dir.resolve("bmp.npy").toString(), folder.toString());
        assertOneLineUserError(bmp);
        assertThat(bmp.err()).contains("no .jpg/.jpeg/.png images in [" + folder + "]");
    }
}
