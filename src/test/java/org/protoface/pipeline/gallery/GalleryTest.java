package org.protoface.pipeline.gallery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GalleryTest {
    private static final int D = 32;
    private static final GalleryModel MODEL = new GalleryModel("sha256:aaaa0000", "model A (runs/a/model)", D, "/runs/a/model");

    @TempDir
    Path dir;

    static float[] unit(Random rnd) {
        float[] v = new float[D];
        double n = 0;
        for (int i = 0; i < D; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < D; i++) v[i] /= (float) Math.sqrt(n);
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    /** identity "id<i>" has {@code faces} random unit vectors; returns them in enrol order. */
    static List<float[]> enrolRandom(Gallery g, int identities, int faces, long seed) throws IOException {
        Random rnd = new Random(seed);
        List<float[]> all = new ArrayList<>();
        for (int i = 0; i < identities; i++) {
            List<GalleryFace> fs = new ArrayList<>();
            for (int j = 0; j < faces; j++) {
                float[] v = unit(rnd);
                all.add(v);
                fs.add(new GalleryFace("id" + i + "/" + j + ".png", v));
            }
            g.add("id" + i, fs);
        }
        g.commit();
        return all;
    }

    @Test
    void searchesReturnTrueCosinesAndPerIdentityMaxima() throws IOException {
        Path path = dir.resolve("g");
        List<float[]> stored;
        try (Gallery g = Gallery.openForWriting(path, MODEL, HnswSettings.DEFAULTS)) {
            stored = enrolRandom(g, 40, 3, 1);
        }
        Random rnd = new Random(99);
        try (Gallery g = Gallery.open(path); ExactIndex exact = g.exactIndex()) {
            assertThat(g.size()).isEqualTo(120);
            assertThat(g.identities()).hasSize(40).containsEntry("id7", 3);
            for (int q = 0; q < 20; q++) {
                float[] query = unit(rnd);
                // brute force here, independently of the gallery: per identity, the best dot product over its faces
                double[] best = new double[40];
                java.util.Arrays.fill(best, -2);
                for (int i = 0; i < stored.size(); i++) best[i / 3] = Math.max(best[i / 3], dot(query, stored.get(i)));
                Integer[] order = new Integer[40];
                for (int i = 0; i < 40; i++) order[i] = i;
                java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -best[i]));

                List<IdentityMatch> exactTop = exact.identify(new float[][] {query}, 5).get(0);
                List<IdentityMatch> approxTop = g.identify(query, 5, 100);
                for (int r = 0; r < 5; r++) {
                    assertThat(exactTop.get(r).identity()).isEqualTo("id" + order[r]);
                    assertThat(exactTop.get(r).cosine()).isCloseTo(best[order[r]], within(1e-5));
                    // 120 faces, 100 candidates: the graph search sees nearly everything and must agree
                    assertThat(approxTop.get(r).identity()).isEqualTo("id" + order[r]);
                    assertThat(approxTop.get(r).cosine()).isCloseTo(best[order[r]], within(1e-5));
                }
            }
            // an enrolled vector finds itself with cosine 1
            FaceHit self = g.nearestFaces(stored.get(17), 1, 10).get(0);
            assertThat(self.identity()).isEqualTo("id5");
            assertThat(self.source()).isEqualTo("id5/2.png");
            assertThat(self.cosine()).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void removeDeletesEveryFaceOfOneIdentityOnly() throws IOException {
        Path path = dir.resolve("g");
        try (Gallery g = Gallery.openForWriting(path, MODEL, HnswSettings.DEFAULTS)) {
            enrolRandom(g, 5, 2, 2);
            assertThat(g.remove("id3")).isEqualTo(2);
            assertThat(g.remove("nobody")).isZero();
        }
        try (Gallery g = Gallery.open(path); ExactIndex exact = g.exactIndex()) {
            assertThat(g.identities()).containsOnlyKeys("id0", "id1", "id2", "id4");
            assertThat(exact.size()).isEqualTo(8);
        }
    }

    @Test
    void anotherModelIsRefusedByName() throws IOException {
        Path path = dir.resolve("g");
        try (Gallery g = Gallery.openForWriting(path, MODEL, HnswSettings.DEFAULTS)) {
            enrolRandom(g, 2, 1, 3);
        }
        GalleryModel other = new GalleryModel("sha256:bbbb1111", "model B (runs/b/model)", D, null);
        assertThatThrownBy(() -> Gallery.openForWriting(path, other, HnswSettings.DEFAULTS))
                .isInstanceOf(ModelMismatchException.class)
                .hasMessageContaining("model A (runs/a/model)").hasMessageContaining("model B (runs/b/model)");
        try (Gallery g = Gallery.open(path)) {
            assertThatThrownBy(() -> g.model().requireSame(other, path)).hasMessageContaining("model A").hasMessageContaining("model B");
            assertThat(g.model().location()).isEqualTo("/runs/a/model");
        }
    }

    @Test
    void theFlipTestSettingIsRecordedAndTheOtherSettingIsRefusedNamingTheGalleryAndTheFlag() throws IOException {
        Path path = dir.resolve("g");
        try (Gallery g = Gallery.openForWriting(path, MODEL.withFlipTest(false), HnswSettings.DEFAULTS)) {
            enrolRandom(g, 2, 1, 3);
        }
        assertThat(commitData(path)).containsEntry(Gallery.KEY_FLIP_TEST, "false");
        // enrolling more with the flip test would mix the two kinds of vectors
        assertThatThrownBy(() -> Gallery.openForWriting(path, MODEL.withFlipTest(true), HnswSettings.DEFAULTS))
                .isInstanceOf(ModelMismatchException.class).hasMessageContaining(path.toString()).hasMessageContaining("--no-flip");
        try (Gallery g = Gallery.open(path)) {
            assertThat(g.model().flipTest()).isFalse();
            g.model().requireSame(MODEL.withFlipTest(false), path);
            g.model().requireSame(MODEL, path); // a query that does not say is not checked
            assertThatThrownBy(() -> g.model().requireSame(MODEL.withFlipTest(true), path))
                    .hasMessageContaining("gallery " + path).hasMessageContaining("without the flip test")
                    .hasMessageContaining("pass --no-flip").hasMessageContaining("enrol again");
        }
        Path flipped = dir.resolve("flipped");
        try (Gallery g = Gallery.openForWriting(flipped, MODEL.withFlipTest(true), HnswSettings.DEFAULTS)) {
            enrolRandom(g, 1, 1, 4);
        }
        try (Gallery g = Gallery.open(flipped)) {
            assertThatThrownBy(() -> g.model().requireSame(MODEL.withFlipTest(false), flipped))
                    .hasMessageContaining("gallery " + flipped).hasMessageContaining("with the flip test").hasMessageContaining("drop --no-flip");
        }
    }

    @Test
    void aGalleryFromBeforeTheFlipTestWasRecordedKeepsWorkingAndStaysUnknown() throws IOException {
        Path path = dir.resolve("old");
        try (Gallery g = Gallery.openForWriting(path, MODEL, HnswSettings.DEFAULTS)) {
            enrolRandom(g, 2, 1, 3);
        }
        // what a gallery enrolled before this key existed holds: every other key, not this one
        assertThat(commitData(path)).containsKey(Gallery.KEY_FINGERPRINT).doesNotContainKey(Gallery.KEY_FLIP_TEST);
        try (Gallery g = Gallery.open(path)) {
            assertThat(g.model().flipTest()).isNull();
            g.model().requireSame(MODEL.withFlipTest(true), path);
            g.model().requireSame(MODEL.withFlipTest(false), path);
        }
        // its older faces may have been made either way: adding faces does not make the setting known
        try (Gallery g = Gallery.openForWriting(path, MODEL.withFlipTest(false), HnswSettings.DEFAULTS)) {
            enrolRandom(g, 1, 1, 4);
        }
        assertThat(commitData(path)).doesNotContainKey(Gallery.KEY_FLIP_TEST);
    }

    private static Map<String, String> commitData(Path gallery) throws IOException {
        try (org.apache.lucene.store.Directory d = org.apache.lucene.store.FSDirectory.open(gallery)) {
            return org.apache.lucene.index.SegmentInfos.readLatestCommit(d).getUserData();
        }
    }

    @Test
    void badVectorsAreRefusedNamingTheFace() throws IOException {
        try (Gallery g = Gallery.openForWriting(dir.resolve("g"), MODEL, HnswSettings.DEFAULTS)) {
            float[] twice = unit(new Random(4));
            for (int i = 0; i < D; i++) twice[i] *= 2;
            assertThatThrownBy(() -> g.enroll("x", List.of(new GalleryFace("x/1.png", twice))))
                    .hasMessageContaining("x/1.png").hasMessageContaining("unit");
            float[] nan = unit(new Random(4));
            nan[3] = Float.NaN;
            assertThatThrownBy(() -> g.enroll("x", List.of(new GalleryFace("x/2.png", nan)))).hasMessageContaining("non-finite");
            assertThatThrownBy(() -> g.enroll("x", List.of(new GalleryFace("x/3.png", new float[D + 1])))).hasMessageContaining("33 values");
        }
    }

    @Test
    void filesAreReadableByTheOwnerOnly() throws IOException {
        Path path = dir.resolve("g");
        try (Gallery g = Gallery.openForWriting(path, MODEL, HnswSettings.DEFAULTS)) {
            enrolRandom(g, 3, 2, 5);
            g.remove("id1");
        }
        assertThat(Files.getPosixFilePermissions(path)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        List<Path> files;
        try (Stream<Path> list = Files.list(path)) {
            files = list.toList();
        }
        assertThat(files).hasSizeGreaterThan(3);
        for (Path f : files) assertThat(Files.getPosixFilePermissions(f)).as(f.toString()).doesNotContainAnyElementsOf(others);
    }

    @Test
    void aFolderWithoutAGalleryIsAClearError() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Gallery.open(dir.resolve("empty"))).hasMessageContaining("no gallery here");
        assertThatThrownBy(() -> Gallery.openForWriting(dir.resolve("empty"), null, HnswSettings.DEFAULTS)).hasMessageContaining("no gallery here");
    }

    @Test
    void hnswSettingsAndModelSurviveReopening() throws IOException {
        Path path = dir.resolve("g");
        try (Gallery g = Gallery.openForWriting(path, MODEL, new HnswSettings(24, 150))) {
            enrolRandom(g, 2, 1, 6);
        }
        // reopening for writing with other settings keeps the gallery's own
        try (Gallery g = Gallery.openForWriting(path, MODEL, HnswSettings.DEFAULTS)) {
            assertThat(g.hnsw()).isEqualTo(new HnswSettings(24, 150));
        }
        try (Gallery g = Gallery.open(path)) {
            assertThat(g.model()).isEqualTo(MODEL);
            Map<String, Integer> ids = g.identities();
            assertThat(ids).containsOnlyKeys("id0", "id1");
        }
    }

    @Test
    void aPhotographIsKnownByItsHashPerIdentityAndAFirstEnrolmentWithoutCommitLeavesNoFolder() throws IOException {
        Path path = dir.resolve("hashes");
        Random rnd = new Random(5);
        try (Gallery g = Gallery.openForWriting(path, MODEL, HnswSettings.DEFAULTS)) {
            g.add("ada", List.of(new GalleryFace("ada/1.jpg", unit(rnd), "abc123")));
            assertThat(g.hasImage("ada", "abc123")).as("added, not yet committed").isTrue();
            g.commit();
            assertThat(g.hasImage("ada", "abc123")).isTrue();
            assertThat(g.hasImage("bob", "abc123")).isFalse();
            assertThat(g.hasImage("ada", "def456")).isFalse();
        }
        Path never = dir.resolve("never-committed");
        try (Gallery g = Gallery.openForWriting(never, MODEL, HnswSettings.DEFAULTS)) {
            g.add("ada", List.of(new GalleryFace("ada/1.jpg", unit(rnd), "abc123")));
        }
        assertThat(never).doesNotExist();
    }
}
