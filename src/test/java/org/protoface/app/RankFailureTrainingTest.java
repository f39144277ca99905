package org.protoface.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rank that dies in the middle of {@code protoface train --nproc 2}: rank 1 is killed with
 * SIGKILL once the step-2 checkpoint exists. The survivor (rank 0) must stop by itself with a
 * one-line error naming rank 1, the launcher must exit with rank 1's code naming it, and the last
 * complete checkpoint folder must be whole: resumed on one rank, it continues with the losses of
 * an uninterrupted one-rank run (2 ranks compute what 1 rank does: {@link DistributedTrainingTest}).
 *
 * <p>{@code dist.timeout_s} is 15 s and the launcher waits 60 s before it sends SIGTERM to the
 * survivor: a survivor that hung in a collective would be stopped by the launcher without writing
 * its own error line, and the test would fail on the missing line.
 */
class RankFailureTrainingTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** The tiny job of {@link DistributedTrainingTest} with a constant learning rate (so train.steps does not change the steps before it). */
    static List<String> job(long steps) {
        List<String> a = DistributedTrainingTest.job("full", "--set", "train.checkpoint_every=2", "--set", "train.keep_checkpoints=100",
                "--set", "schedule.decay=constant", "--set", "dist.timeout_s=15", "--set", "train.steps=" + steps);
        return a;
    }

    record Said(int code, String out, String err) {}

    static Said train(Path out, List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString()));
        all.addAll(List.of(more));
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        StringWriter picoErr = new StringWriter();
        PrintStream stdout = System.out, stderr = System.err;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(picoErr, true))
                    .execute(all.toArray(String[]::new));
            return new Said(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8) + picoErr);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void killingRankOneMidRunStopsRankZeroNamingItAndLeavesAResumableCheckpoint() throws Exception {
        Path run = dir.resolve("killed");
        CompletableFuture<Said> job = CompletableFuture.supplyAsync(() -> train(run, job(500), "--nproc", "2"));
        Path firstCheckpoint = run.resolve("checkpoints/step-000000002");
        long rank1 = -1;
        while (!Files.isDirectory(firstCheckpoint) || (rank1 = rankPid(1)) < 0) {
            assertThat(job).as("the job ended before its first checkpoint").isNotDone();
            Thread.sleep(50);
        }
        // SIGKILL: no shutdown hook, no checkpoint on exit, the socket closed by the kernel
        assertThat(ProcessHandle.of(rank1).orElseThrow().destroyForcibly()).isTrue();

        Said said = job.get(300, TimeUnit.SECONDS);
        assertThat(said.code()).as(said.err()).isEqualTo(128 + 9);
        assertThat(said.err()).contains("protoface: rank 1 failed with exit code 137 (killed by signal 9)");
        String rank0 = Files.readString(run.resolve("logs/rank-0.log"));
        // rank 0 ended by itself (CLI error, exit 2): a one-line error that blames rank 1, no stack trace
        assertThat(rank0).containsPattern("protoface: .*rank 1 (closed the connection|failed|did not answer|stopped)")
                .doesNotContain("\tat org.");

        // the newest complete checkpoint: a step-N folder (never a step-N.tmp left by the interrupted save)
        long last;
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            last = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d{9}"))
                    .mapToLong(n -> Long.parseLong(n.substring(5))).max().orElseThrow();
        }
        Path ckpt = run.resolve(String.format("checkpoints/step-%09d", last));
        try (Stream<Path> s = Files.list(ckpt)) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("classes-0-8.pt", "classes-8-16.pt", "train.pt");
        }

        // resume it on one rank for two more steps, against one rank trained from scratch to the same step
        long end = last + 2;
        Said resumed = train(run, job(end), "--resume");
        assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("(steps " + last + " to " + end + ")");
        Path reference = dir.resolve("reference");
        Said ref = train(reference, job(end));
        assertThat(ref.code()).as(ref.out() + ref.err()).isZero();
        List<JsonNode> got = DistributedTrainingTest.trainingLines(run), want = DistributedTrainingTest.trainingLines(reference);
        List<JsonNode> gotTail = got.stream().filter(n -> n.get("step").asLong() > last).toList();
        List<JsonNode> wantTail = want.stream().filter(n -> n.get("step").asLong() > last).toList();
        assertThat(gotTail).extracting(n -> n.get("step").asLong()).containsExactly(last + 1, end);
        assertThat(gotTail).allSatisfy(n -> assertThat(n.get("world_size").asInt()).isEqualTo(1));
        DistributedTrainingTest.assertSameLosses(gotTail, wantTail);
        DistributedTrainingTest.assertSameEncoder(run, reference);
    }

    /**
     * Ctrl-C in a terminal (or SLURM's SIGTERM) reaches every rank: both must stop at the same
     * step, one where the ranks agree on a stop (a multiple of Trainer.STOP_CHECK_EVERY), with a
     * complete checkpoint there, and say how to resume.
     */
    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void sigtermToBothRanksStopsThemAtTheSameAgreedStepWithACheckpoint() throws Exception {
        Path run = dir.resolve("stopped");
        CompletableFuture<Said> job = CompletableFuture.supplyAsync(() -> train(run, job(500), "--nproc", "2"));
        long rank0 = -1, rank1 = -1;
        while (!Files.isDirectory(run.resolve("checkpoints/step-000000002")) || (rank0 = rankPid(0)) < 0 || (rank1 = rankPid(1)) < 0) {
            assertThat(job).as("the job ended before its first checkpoint").isNotDone();
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(rank1).orElseThrow().destroy()).isTrue();
        assertThat(ProcessHandle.of(rank0).orElseThrow().destroy()).isTrue();

        Said said = job.get(300, TimeUnit.SECONDS);
        assertThat(said.code()).as(said.out() + said.err()).isEqualTo(130);
        Matcher m = Pattern.compile("interrupted at step (\\d+); checkpoint").matcher(said.out());
        assertThat(m.find()).as(said.out()).isTrue();
        long step = Long.parseLong(m.group(1));
        assertThat(step % org.protoface.train.Trainer.STOP_CHECK_EVERY).isZero();
        assertThat(step).isLessThan(500);
        for (int r = 0; r < 2; r++) {
            assertThat(Files.readString(run.resolve("logs/rank-" + r + ".log"))).contains("stopped on request at step " + step + ";");
        }
        try (Stream<Path> s = Files.list(run.resolve(String.format("checkpoints/step-%09d", step)))) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("classes-0-8.pt", "classes-8-16.pt", "train.pt");
        }
    }

    /**
     * `kill PID` of the launcher alone (a scheduler, `timeout`, systemd): it must pass the stop on
     * to the ranks at once, show their last lines and the outcome before it exits, and leave the
     * agreed step's checkpoint.
     */
    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void sigtermToTheLauncherAloneStopsTheRanksWithACheckpointAndSaysSo() throws Exception {
        Path run = dir.resolve("launcher-stopped");
        List<String> args = new ArrayList<>(job(500));
        args.addAll(List.of("--out", run.toString(), "--nproc", "2"));
        Path console = dir.resolve("launcher-console.txt");
        Process launcher = new ProcessBuilder(org.protoface.distributed.LocalLauncher.childCommand(Main.class.getName(), args))
                .redirectErrorStream(true).redirectOutput(console.toFile()).start();
        try {
            while (!Files.isDirectory(run.resolve("checkpoints/step-000000002"))) {
                if (!launcher.isAlive()) throw new AssertionError("the job ended before its first checkpoint:\n" + Files.readString(console));
                Thread.sleep(50);
            }
            launcher.destroy();
            assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
        } finally {
            launcher.destroyForcibly();
        }
        String said = Files.readString(console);
        assertThat(said).contains("protoface: stopped on request");
        Matcher m = Pattern.compile("interrupted at step (\\d+); checkpoint").matcher(said);
        assertThat(m.find()).as("rank 0's last lines reach the console:%n%s%nrank 0 log:%n%s", said, Files.readString(run.resolve("logs/rank-0.log"))).isTrue();
        long step = Long.parseLong(m.group(1));
        assertThat(step % org.protoface.train.Trainer.STOP_CHECK_EVERY).isZero();
        for (int r = 0; r < 2; r++) {
            assertThat(Files.readString(run.resolve("logs/rank-" + r + ".log"))).contains("stopped on request at step " + step + ";");
        }
        try (Stream<Path> s = Files.list(run.resolve(String.format("checkpoints/step-%09d", step)))) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("classes-0-8.pt", "classes-8-16.pt", "train.pt");
        }
    }

    /** The pid of the child JVM this JVM's launcher started as {@code rank}, or -1 if none is running. */
    static long rankPid(int rank) {
        String wanted = "RANK=" + rank;
        return ProcessHandle.current().descendants().filter(p -> {
            try {
                for (String var : Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"), StandardCharsets.ISO_8859_1).split("\0")) {
                    if (var.equals(wanted)) return true;
                }
            } catch (IOException | RuntimeException gone) {
                // the process ended or is not ours to read
            }
            return false;
        }).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }
}
