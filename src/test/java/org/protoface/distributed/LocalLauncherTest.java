package org.protoface.distributed;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalLauncherTest {
    @Test
    void childrenRunTheSameJavaWithThisClasspathAndOptionsButNoAgents() {
        List<String> cmd = LocalLauncher.childCommand("org.example.Main", List.of("train", "-c", "cpu"));
        assertThat(cmd.get(0)).endsWith("java");
        assertThat(cmd).containsSubsequence("-cp", System.getProperty("java.class.path"), "org.example.Main", "train", "-c", "cpu");
        assertThat(cmd).anyMatch(a -> a.startsWith("-Dorg.bytedeco.javacpp.cachedir="));
        assertThat(cmd).noneMatch(a -> a.startsWith("-javaagent") || a.startsWith("-agentlib"));
    }

    @Test
    void theLaunchersOwnOptionIsRemovedBeforeTheArgumentsReachTheRanks() {
        assertThat(LocalLauncher.without(List.of("train", "--nproc", "2", "-c", "cpu"), "--nproc")).containsExactly("train", "-c", "cpu");
        assertThat(LocalLauncher.without(List.of("--nproc=4", "train"), "--nproc")).containsExactly("train");
        assertThat(LocalLauncher.isRank(Map.of("RANK", "0"))).isTrue();
        assertThat(LocalLauncher.isRank(Map.of())).isFalse();
        assertThatThrownBy(() -> new LocalLauncher(0, "x", List.of())).hasMessage("--nproc must be >= 1, got 0");
    }

    @Test
    void outputGetsTheRankPrefixAfterNewlinesAndCarriageReturnsAndKeepsATail() {
        byte[] child = "first\nprogress 1\rprogress 2\rdone\nlast".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrefixedOutput o = new PrefixedOutput(new ByteArrayInputStream(child), "[rank 1] ", new PrintStream(console, true), log);
        o.run();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .isEqualTo("[rank 1] first\n[rank 1] progress 1\r[rank 1] progress 2\r[rank 1] done\n[rank 1] last");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo(new String(child, StandardCharsets.UTF_8));
        assertThat(o.tail()).containsExactly("first", "progress 1", "progress 2", "done", "last");
    }

    @Test
    void aQuietRankKeepsOnlyItsLastLines() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) many.append("line ").append(i).append('\n');
        PrefixedOutput o = new PrefixedOutput(new ByteArrayInputStream(many.toString().getBytes(StandardCharsets.UTF_8)), "", null, null);
        o.run();
        assertThat(o.tail()).hasSize(PrefixedOutput.TAIL_LINES).startsWith("line 70").endsWith("line 99");
    }

    @Test
    void ranksShareTheHostsCoresForOpenBlasUnlessTheCallerChose() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        LocalLauncher.shareBlasThreads(env, 2, 2);
        assertThat(env).containsEntry("OPENBLAS_NUM_THREADS", "1");
        env.clear();
        LocalLauncher.shareBlasThreads(env, 3, 16);
        assertThat(env).containsEntry("OPENBLAS_NUM_THREADS", "5");
        env.clear();
        LocalLauncher.shareBlasThreads(env, 4, 2);
        assertThat(env).containsEntry("OPENBLAS_NUM_THREADS", "1");
        env.put("OPENBLAS_NUM_THREADS", "7");
        LocalLauncher.shareBlasThreads(env, 2, 2);
        assertThat(env).containsEntry("OPENBLAS_NUM_THREADS", "7");
    }

    @Test
    void ranksStoppedByCtrlCOrSigtermAreAStopOnRequestNotAFailure() {
        LocalLauncher.Outcome stopped = LocalLauncher.outcome(List.of(new int[] {1, 143}, new int[] {0, 130}), 2);
        assertThat(stopped.exitCode()).isEqualTo(130);
        assertThat(stopped.failedRank()).isEqualTo(-1);
        assertThat(stopped.message()).startsWith("stopped on request").contains("rank 1 exited with code 143").contains("--resume");
        // a real failure is named even when it comes after a rank that stopped (the stopped one may be its cause's victim)
        LocalLauncher.Outcome failed = LocalLauncher.outcome(List.of(new int[] {0, 143}, new int[] {1, 2}), 2);
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.failedRank()).isEqualTo(1);
        assertThat(failed.message()).isEqualTo("rank 1 failed with exit code 2; the other ranks were stopped");
        LocalLauncher.Outcome killed = LocalLauncher.outcome(List.of(new int[] {1, 137}, new int[] {0, 143}), 2);
        assertThat(killed.message()).isEqualTo("rank 1 failed with exit code 137 (killed by signal 9); the other ranks were stopped");
        assertThat(LocalLauncher.outcome(List.of(new int[] {0, 0}, new int[] {1, 0}), 2).succeeded()).isTrue();
    }
}
