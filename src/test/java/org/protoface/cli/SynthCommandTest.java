package org.protoface.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {
    @TempDir
    Path temp;

    private static int run(Object command, StringWriter out, StringWriter err, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void synthWritesTheDatasetAndPrintsASummary() throws Exception {
        Path dir = temp.resolve("data");
        StringWriter out = new StringWriter();
        int code = run(new SynthCommand(), out, new StringWriter(), "--identities", "3", "--images", "2", "--size", "16",
                "--out", dir.toString(), "--seed", "4", "--offset", "10", "--threads", "1");
        assertThat(code).isZero();
        assertThat(Files.readAllLines(dir.resolve("landmarks.tsv"))).hasSize(6);
        assertThat(Files.exists(dir.resolve("2/1.png"))).isTrue();
        assertThat(out.toString()).contains("3 identities x 2 images", "offset=10");
    }

    @Test
    void synthRejectsBadValuesWithAClearMessage() {
        StringWriter err = new StringWriter();
        int code = run(new SynthCommand(), new StringWriter(), err, "--identities", "3", "--size", "4", "--out",
                temp.resolve("x").toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("size=4");
    }
}
