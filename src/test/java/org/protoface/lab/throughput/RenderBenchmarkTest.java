package org.protoface.lab.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderBenchmarkTest {
    @TempDir
    Path temp;

    @Test
    void measuresPositiveThroughputAndWritesJson() throws Exception {
        Path json = temp.resolve("bench/render.json");
        long start = System.nanoTime();
        RenderBenchmark.Result result = RenderBenchmark.runAndReport(24, 40, 2, json);
        double outer = (System.nanoTime() - start) / 1e9;
        // each pass renders the 40 images inside the call: neither rate can be below 40 over the whole call
        assertThat(result.singleThreadImagesPerSecond()).isGreaterThanOrEqualTo(40 / outer);
        assertThat(result.allThreadsImagesPerSecond()).isGreaterThanOrEqualTo(40 / outer);
        assertThat(result.perCoreImagesPerSecond()).isEqualTo(result.allThreadsImagesPerSecond() / 2);
        assertThat(result.line()).contains("render 24x24", "2 threads");
        JsonNode node = new ObjectMapper().readTree(json.toFile());
        assertThat(node.get("size").asInt()).isEqualTo(24);
        assertThat(node.get("images").asInt()).isEqualTo(40);
        assertThat(node.get("single_thread_images_per_second").asDouble()).isEqualTo(result.singleThreadImagesPerSecond());
    }
}
