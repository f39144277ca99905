package org.protoface.lab.heads;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChildJvmCaseRunnerTest {
    @Test
    void runsACaseInAFreshJvmAndReadsItsRow() {
        HeadBenchSettings s = new HeadBenchSettings(8, 4, 16, 1, 2, 0.15, 3, 1, "base");
        HeadCase pm = HeadCase.parse("pm:32");
        List<String> cmd = ChildJvmCaseRunner.command(pm, 1000, s);
        assertThat(cmd).contains("-cp", HeadCaseProcess.class.getName(), "head=pm:32", "classes=1000", "dim=16");

        CaseResult r = new ChildJvmCaseRunner(120).run(pm, 1000, s);
        // the child filled the memory before timing, and its note travelled back through the row
        assertThat(r.note()).matches("ran; memory 32 of 32 prototypes after \\d+ fill steps");
        assertThat(r.ran()).isTrue();
        assertThat(r.msPerStep()).isPositive();
        assertThat(r.stateBytes()).isEqualTo(32L * (4 * 16 + 16 + 80));
        // a fresh JVM with libtorch loaded: at least tens of MB, and its peak is at least where it started
        assertThat(r.peakRssBytes()).isGreaterThan(20L << 20).isGreaterThanOrEqualTo(r.startRssBytes());
    }

    @Test
    void aCaseThatCannotFitIsAnsweredWithoutStartingAJvm() {
        HeadBenchSettings s = new HeadBenchSettings(8, 4, 16, 1, 2, 0.15, 3, 1, "base");
        long t0 = System.nanoTime();
        CaseResult r = new ChildJvmCaseRunner(120).run(HeadCase.parse("pfc:0.1"), 1_000_000_000_000L, s);
        assertThat(r.fits()).isFalse();
        assertThat(r.note()).startsWith("does not fit");
        // starting a JVM and loading libtorch takes seconds
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
    }
}
