package org.protoface.pipeline.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.synthetic.SyntheticFolderWriter;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaceRecordsTest {
    @TempDir
    Path dir;

    @Test
    void jsonLinesRoundTrip() throws Exception {
        FaceRecord r = new FaceRecord("a/b.jpg", "ada", 1, new DetectedFace(new FaceBox(10.5, 20, 30, 40), 17,
                List.of(new Point2(15, 30), new Point2(35, 31))), new float[] {0.6f, -0.8f});
        Path f = dir.resolve("faces.jsonl");
        FaceRecords.writeJsonl(f, List.of(r));
        FaceRecord back = FaceRecords.read(f).get(0);
        assertThat(back.source()).isEqualTo("a/b.jpg");
        assertThat(back.label()).isEqualTo("ada");
        assertThat(back.index()).isEqualTo(1);
        assertThat(back.face()).isEqualTo(r.face());
        assertThat(back.embedding()).containsExactly(0.6f, -0.8f);
    }

    @Test
    void readsTheLandmarksThatSynthWrites() throws Exception {
        new SyntheticFolderWriter(new SyntheticSpec(2, 3, 64, 1, 0, 1.0), 1).write(dir.resolve("ds"));
        List<FaceRecord> records = FaceRecords.read(dir.resolve("ds").resolve(SyntheticFolderWriter.LANDMARKS_FILE));
        assertThat(records).hasSize(6);
        assertThat(records.get(4).source()).isEqualTo("1/1.png");
        assertThat(records.get(4).label()).isEqualTo("1");
        assertThat(records.get(4).face().landmarks()).hasSize(5);
        String line = Files.readAllLines(dir.resolve("ds").resolve(SyntheticFolderWriter.LANDMARKS_FILE)).get(4);
        assertThat(records.get(4).face().landmarks().get(2).x()).isEqualTo(Double.parseDouble(line.split("\t")[6]));
    }

    @Test
    void malformedRecordsNameFileLineAndField() throws Exception {
        Path j = dir.resolve("bad.jsonl");
        Files.writeString(j, "{\"source\":\"a.jpg\",\"box\":[1,2,3,4]}\n{\"source\":\"b.jpg\",\"box\":[1,2,3]}\n");
        assertThatThrownBy(() -> FaceRecords.read(j)).hasMessageContaining("bad.jsonl line 2").hasMessageContaining("'box'");
        Path l = dir.resolve("bad2.jsonl");
        Files.writeString(l, "{\"source\":\"a.jpg\",\"box\":[1,2,3,4],\"landmarks\":[1,2,3]}\n");
        assertThatThrownBy(() -> FaceRecords.read(l)).hasMessageContaining("line 1").hasMessageContaining("'landmarks'");
        Path t = dir.resolve("landmarks.tsv");
        Files.writeString(t, "0/0.png\t0\t1\t2\t3\t4\t5\t6\t7\t8\t9\tx\n");
        assertThatThrownBy(() -> FaceRecords.read(t)).hasMessageContaining("landmarks.tsv line 1").hasMessageContaining("y4");
        Path n = dir.resolve("notes.txt");
        Files.writeString(n, "");
        assertThatThrownBy(() -> FaceRecords.read(n)).hasMessageContaining(".jsonl").hasMessageContaining("landmarks.tsv");
    }

    @Test
    void nonFiniteOrAbsurdCoordinatesAreRefusedNamingFileLineAndField() throws Exception {
        Path tsv = dir.resolve("landmarks.tsv");
        String good = "0/0.png\t0\t20\t25\t44\t25\t32\t35\t22\t45\t42\t45";
        Files.writeString(tsv, good + "\n" + good.replace("\t25\t32", "\tNaN\t32") + "\n");
        assertThatThrownBy(() -> FaceRecords.read(tsv)).hasMessage(tsv + " line 2: landmark value y1 is not finite (NaN); fix or drop the line");
        Files.writeString(tsv, good.replace("0\t20\t25", "0\t1e30\t25") + "\n");
        assertThatThrownBy(() -> FaceRecords.read(tsv)).hasMessageStartingWith(tsv + " line 1: landmark value x0 = 1.0E30 is far outside any photograph");
        Path jsonl = dir.resolve("faces.jsonl");
        Files.writeString(jsonl, "{\"source\": \"a.jpg\", \"box\": [0, 0, 10, 10], \"landmarks\": [1, 2, 3, -4e12]}\n");
        assertThatThrownBy(() -> FaceRecords.read(jsonl)).hasMessageStartingWith(jsonl + " line 1: landmarks y1 = -4.0E12 is far outside");
    }

    @Test
    void recordsWithEmbeddingsAreWrittenOwnerOnlyAndWithoutReadableByOthers() throws Exception {
        DetectedFace face = new DetectedFace(new FaceBox(0, 0, 10, 10), 1, List.of());
        Path with = dir.resolve("with.jsonl"), without = dir.resolve("without.jsonl");
        FaceRecords.writeJsonl(with, List.of(new FaceRecord("a.jpg", null, 0, face, new float[] {1f})));
        FaceRecords.writeJsonl(without, List.of(new FaceRecord("a.jpg", null, 0, face, null)));
        assertThat(Files.getPosixFilePermissions(with)).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(without)).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
    }
}
