package org.protoface.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train --resume}: a folder with nothing to resume is refused (it used to start a whole new
 * run silently), and resuming a run that already reached train.steps trains nothing and says so.
 */
class ResumeCommandTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));   // summaries go to System.out
        StringWriter err = new StringWriter();
        try {
            int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true)).execute(args);
            return new Outcome(code, captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    private static String[] tinyTrain(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "-c", "cpu", "--data", "synthetic:identities=8,images=4,size=32,seed=3",
                "-o", out.toString(), "--no-eval", "--set", "train.steps=2", "--set", "batch.size=8",
                "--set", "batch.images_per_identity=2", "--set", "train.threads=1", "--set", "train.loader_workers=0",
                "--set", "train.log_every=1"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void resumeWithoutACheckpointIsRefused() throws Exception {
        Path absent = dir.resolve("absent");
        Path configOnly = dir.resolve("config-only");
        Files.createDirectories(configOnly.resolve("checkpoints"));
        Files.writeString(configOnly.resolve("checkpoints/notes.txt"), "not a checkpoint");
        for (Path out : List.of(absent, configOnly)) {
            Outcome r = run(tinyTrain(out, "--resume"));
            assertThat(r.code).as(r.err).isEqualTo(2);
            assertThat(r.err.strip()).isEqualTo("protoface: nothing to resume in " + out
                    + ": no checkpoints/step-*; drop --resume to start a new run");
            assertThat(out.resolve("model")).doesNotExist();
            assertThat(out.resolve("metrics.jsonl")).doesNotExist();
        }
        assertThat(absent).doesNotExist();
    }

    @Test
    void resumeWhenEveryCheckpointIsUnreadableIsRefusedAndKeepsTheModel() throws Exception {
        Path out = dir.resolve("damaged");
        Outcome first = run(tinyTrain(out, "--set", "train.checkpoint_every=1", "--set", "train.keep_checkpoints=2"));
        assertThat(first.code).as(first.err).isZero();
        byte[] model = Files.readAllBytes(out.resolve("model/encoder.pt"));
        List<Path> steps;
        try (var s = Files.list(out.resolve("checkpoints"))) {
            steps = s.filter(Files::isDirectory).toList();
        }
        assertThat(steps).isNotEmpty();
        for (Path step : steps) {
            try (var files = Files.list(step)) {
                for (Path f : files.toList()) Files.write(f, new byte[0]);   // every file of every checkpoint emptied
            }
        }
        Outcome again = run(tinyTrain(out, "--resume", "--set", "train.steps=4"));
        assertThat(again.code).as(again.out).isEqualTo(2);
        assertThat(again.err.strip()).startsWith("protoface: no readable checkpoint in " + out.resolve("checkpoints"))
                .contains(steps.size() + " found, all unreadable").doesNotContain("\n");
        assertThat(Files.readAllBytes(out.resolve("model/encoder.pt"))).isEqualTo(model);
    }

    @Test
    void resumingAFinishedRunTrainsNothingAndSaysSo() throws Exception {
        Path out = dir.resolve("run");
        Outcome first = run(tinyTrain(out));
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out).contains("trained 2 steps at ");
        long metricLines = Files.readAllLines(out.resolve("metrics.jsonl")).size();

        Outcome again = run(tinyTrain(out, "--resume"));
        assertThat(again.code).as(again.err).isZero();
        assertThat(again.out).contains("nothing to train: the run already reached step 2 (train.steps = 2")
                .contains("trained 0 steps (the run was already at step 2)")
                .doesNotContain("trained 2 steps").doesNotContain("images/s");
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize((int) metricLines);
        assertThat(out.resolve("model/encoder.pt")).exists();
    }
}
