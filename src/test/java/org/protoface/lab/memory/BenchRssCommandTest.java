package org.protoface.lab.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchRssCommandTest {
    @TempDir
    Path dir;

    /** RSS grows while a memory of 80 prototypes fills at 4 identities per step (20 steps), then stays flat. */
    private Path metrics() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int step = 2; step <= 100; step += 2) {
            long mb = step < 20 ? 500 + 20L * step : 900 + (step % 4);
            sb.append("{\"step\":").append(step).append(",\"rss_bytes\":").append(mb << 20).append("}\n");
        }
        Path m = dir.resolve("metrics.jsonl");
        Files.writeString(m, sb.toString());
        return m;
    }

    private static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new BenchRssCommand()).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    private record Result(int code, String out) {}

    @Test
    void prototypeMemoryRunsWarmUpUntilTheMemoryIsFull() throws Exception {
        Path m = metrics();
        // without the run's config the tenth-of-the-run warm-up (10 steps) sees the fill as growth
        Result tenth = run("--metrics", m.toString());
        assertThat(tenth.code()).isEqualTo(1);
        assertThat(tenth.out()).contains("warm-up 10 steps").contains("GROWING");

        Files.writeString(dir.resolve("config.yaml"),
                "head: pm\npm:\n  memory_size: 80\nbatch:\n  size: 16\n  images_per_identity: 4\n");
        Result filled = run("--metrics", m.toString());
        assertThat(filled.code()).isEqualTo(0);
        assertThat(filled.out()).contains("after 20 steps").contains("warm-up 20 steps").contains("flat");

        // another head keeps the tenth; an explicit --warmup-steps always wins
        Files.writeString(dir.resolve("config.yaml"), "head: full\nbatch:\n  size: 16\n  images_per_identity: 4\n");
        assertThat(run("--metrics", m.toString()).code()).isEqualTo(1);
        assertThat(run("--metrics", m.toString(), "--warmup-steps", "30").code()).isEqualTo(0);
    }
}
