package org.protoface.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad setting stops {@code train} before anything runs: one line in the user's terms, exit code 2. */
class ConfigErrorsCommandTest {
    @TempDir
    Path dir;

    private String failure(String... args) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        StringWriter err = new StringWriter();
        try {
            int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true)).execute(args);
            assertThat(code).as(err.toString()).isEqualTo(2);
        } finally {
            System.setOut(stdout);
        }
        String line = err.toString().strip();
        assertThat(line).startsWith("protoface: ").doesNotContain("\n").doesNotContain("Exception").doesNotContain("org.");
        return line.substring("protoface: ".length());
    }

    @Test
    void badSettingsAreOneLineNamingTheKey() throws Exception {
        Path out = dir.resolve("run");
        assertThat(failure("train", "-c", "cpu", "-o", out.toString(), "--set", "train.steps=-1"))
                .isEqualTo("train.steps must be at least 1, got -1");
        assertThat(failure("train", "-c", "cpu", "-o", out.toString(), "--set", "optim.lrr=0.1"))
                .startsWith("--set: key 'optim.lrr' is not a setting of section optim (known: ");
        assertThat(failure("train", "-c", "cpu", "-o", out.toString(), "--set", "train.steps=12.5"))
                .isEqualTo("train.steps: expected a whole number, got 12.5 (from --set)");
        Path yaml = dir.resolve("x.yaml");
        Files.writeString(yaml, "base: cpu\ntrain:\n  steps: 3\n   seed: [\n");
        assertThat(failure("train", "-c", yaml.toString(), "-o", out.toString())).startsWith(yaml + " line ").contains("invalid YAML: ");
        assertThat(out).doesNotExist();
    }
}
