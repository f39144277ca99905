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
}
