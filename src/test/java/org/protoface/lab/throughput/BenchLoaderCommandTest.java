package org.protoface.lab.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.FaceDataset;
import org.protoface.lab.throughput.LoaderBenchmark;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchLoaderCommandTest {
    @TempDir
    Path dir;

    @Test
    void packsJpegFacesIntoARecordFileTheLoaderReads() throws Exception {
        LoaderBenchmark.PackedSet set = LoaderBenchmark.packSyntheticJpegs(dir, 5, 3, 32, 7);
        assertThat(set.images()).isEqualTo(15);
        assertThat(set.identities()).isEqualTo(5);
        assertThat(Files.exists(dir.resolve("jpeg"))).as("loose files are removed").isFalse();
        byte[] rec = Files.readAllBytes(set.rec());
        // an image record carries a JPEG: its payload after the 8-byte frame and 24-byte header starts with FF D8
        assertThat(indexOf(rec, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})).isPositive();
        FaceDataset data = LoaderBenchmark.open(set, 32);
        assertThat(data.identityCount()).isEqualTo(5);
        assertThat(data.imageCount(4)).isEqualTo(3);
    }

    private static int indexOf(byte[] a, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= a.length; i++) {
            for (int k = 0; k < pattern.length; k++) if (a[i + k] != pattern[k]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void commandPrintsATableAndWritesJson() throws Exception {
        Path json = dir.resolve("loader.json");
        int code = new CommandLine(new BenchLoaderCommand()).setOut(new PrintWriter(new StringWriter()))
                .execute("--identities", "12", "--images", "4", "--size", "32", "--decode-size", "16", "--batch", "16", "--batches", "2",
                        "--workers", "2", "--cpu-steps", "0", "--r50-steps", "0", "--json", json.toString());
        assertThat(code).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("images").asInt()).isEqualTo(48);
        assertThat(root.get("image_size").asInt()).isEqualTo(32);
        assertThat(root.get("decode_size").asInt()).isEqualTo(16);
        assertThat(root.get("loader")).hasSize(4);
        for (JsonNode row : root.get("loader")) assertThat(row.get("images_per_s").asDouble()).isPositive();
        assertThat(root.get("loader").get(1).get("workers").asInt()).isEqualTo(2);
        assertThat(root.get("augment_default").get("flip").asDouble()).isEqualTo(0.5);
        assertThat(root.get("training")).isEmpty();
    }
}
