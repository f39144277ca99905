package org.protoface.distributed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Killing a rank with SIGKILL ends the job: the survivor names it, the launcher reports it. */
class RankFailureTest {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void killingOneRankEndsTheOtherNamingItAndTheLauncherFails(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        LocalLauncher launcher = new LocalLauncher(2, KillableRankProgram.class.getName(), List.of(dir.toString()))
                .logDir(dir.resolve("logs")).stopGrace(Duration.ofSeconds(20)).console(console, console);
        CompletableFuture<LocalLauncher.Outcome> job = CompletableFuture.supplyAsync(() -> {
            try {
                return launcher.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Path pidFile = dir.resolve("rank1.pid");
        while (!Files.exists(pidFile)) {
            assertThat(job).as("the job ended before rank 1 was running: %s", out).isNotDone();
            Thread.sleep(100);
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        // destroyForcibly is SIGKILL on Linux: no shutdown hook, no goodbye on the socket beyond the kernel's
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

        LocalLauncher.Outcome outcome = job.get(240, TimeUnit.SECONDS);
        assertThat(outcome.failedRank()).isEqualTo(1);
        assertThat(outcome.exitCode()).isEqualTo(128 + 9);
        assertThat(outcome.message()).contains("rank 1 failed with exit code 137 (killed by signal 9)");
        String rank0 = Files.readString(dir.resolve("logs").resolve("rank-0.log"));
        // the survivor's next collective failed at once, blaming rank 1 (not a timeout: that is 120 s)
        assertThat(rank0).containsPattern("FAILED: all-reduce \\(sum\\) #\\d+ failed: rank 1 closed the connection")
                .contains("CULPRITS: [1]");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("protoface: rank 1 failed with exit code 137");
    }
}
