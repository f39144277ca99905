package org.protoface.lab.throughput;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchRenderCommandTest {
    @TempDir
    Path temp;

    @Test
    void renderBenchmarkPrintsThroughputAndWritesJson() throws Exception {
        Path json = temp.resolve("render.json");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchRenderCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int code = cli.execute("--size", "16", "--images", "20", "--threads", "1", "--json", json.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("render 16x16", "images/s");
        assertThat(Files.readString(json)).contains("\"all_threads_images_per_second\"");
    }
}
