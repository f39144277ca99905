package org.protoface.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BenchRssCommandTest {
    private static String lines(long... rssMb) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rssMb.length; i++) sb.append("{\"step\":").append(10 * (i + 1)).append(",\"rss_bytes\":").append(rssMb[i] << 20).append("}\n");
        return sb.toString();
    }

    @Test
    void exitCodeSaysWhetherMemoryStayedFlat(@TempDir Path dir) throws Exception {
        Path flat = dir.resolve("flat.jsonl");
        Files.writeString(flat, lines(500, 500, 520, 510, 530, 525, 520, 519, 530, 540));
        Path growing = dir.resolve("growing.jsonl");
        Files.writeString(growing, lines(500, 500, 550, 600, 650, 700, 750, 800, 850, 900));
        CommandLine cli = new CommandLine(new Main()).setExecutionExceptionHandler(new CliErrors());
        // warm-up = first tenth = step 10; 540 / 500 = 1.08 is flat, 900 / 500 = 1.8 is not
        assertThat(cli.execute("bench", "rss", "--metrics", flat.toString())).isZero();
        assertThat(cli.execute("bench", "rss", "--metrics", growing.toString())).isEqualTo(1);
        assertThat(cli.execute("bench", "rss", "--metrics", flat.toString(), "--limit", "1.05")).isEqualTo(1);
        assertThat(cli.execute("bench", "rss", "--metrics", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
    }
}
