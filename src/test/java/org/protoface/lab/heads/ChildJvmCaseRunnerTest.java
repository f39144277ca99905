package org.protoface.lab.heads;

import org.junit.jupiter.api.Test;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;
import org.protoface.torch.Device;
import org.protoface.testing.ResidentMemory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChildJvmCaseRunnerTest {
    @Test
    void runsACaseInAFreshJvmAndReadsItsRow() {
        HeadBenchSettings s = new HeadBenchSettings(8, 4, 16, 1, 2, 0.15, 3, 1, "base");
        HeadCase pm = HeadCase.parse("pm:32");
        List<String> cmd = ChildJvmCaseRunner.command(pm, 1000, s);
        assertThat(cmd).contains("-cp", HeadCaseProcess.class.getName(), "head=pm:32", "classes=1000", "dim=16");

        List<List<String>> started = new ArrayList<>();
        CaseResult r = new ChildJvmCaseRunner(120, c -> {
            started.add(c);
            return new ProcessBuilder(c).start();
        }).run(pm, 1000, s);
        assertThat(started).as("JVMs started").containsExactly(cmd);
        // the child filled the memory before timing, and its note travelled back through the row
        assertThat(r.note()).matches("ran; memory 32 of 32 prototypes after \\d+ fill steps");
        assertThat(r.ran()).isTrue();
        assertThat(r.msPerStep()).isPositive();
        // the state a Prototype Memory head of this size reports when built here, carried through the child's row
        assertThat(r.stateBytes()).isEqualTo(HeadKinds.create(pm.config("base"), new HeadSize(1000, 16, 8, 2), Device.CPU).stateBytes());
        ResidentMemory.requireReadable();
        // a fresh JVM with libtorch loaded: at least tens of MB, and its peak is at least where it started
        assertThat(r.peakRssBytes()).isGreaterThan(20L << 20).isGreaterThanOrEqualTo(r.startRssBytes());
    }

    @Test
    void aCaseThatCannotFitIsAnsweredWithoutStartingAJvm() {
        HeadBenchSettings s = new HeadBenchSettings(8, 4, 16, 1, 2, 0.15, 3, 1, "base");
        List<List<String>> started = new ArrayList<>();
        CaseResult r = new ChildJvmCaseRunner(120, c -> {
            started.add(c);
            throw new IOException("no JVM may be started for a case that cannot fit");
        }).run(HeadCase.parse("pfc:0.1"), 1_000_000_000_000L, s);
        assertThat(r.fits()).isFalse();
        assertThat(r.note()).startsWith("does not fit");
        assertThat(started).as("JVMs started").isEmpty();
    }
}
