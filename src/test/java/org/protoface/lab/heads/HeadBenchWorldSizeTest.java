package org.protoface.lab.heads;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.head.Head;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;
import org.protoface.torch.Device;
import org.protoface.torch.Torch;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench heads --nproc N}: a head that splits its classes across ranks is judged by one
 * rank's block (ceil(N / world) classes), so a case that does not fit one process fits on two; a
 * replicated head (Prototype Memory) needs its whole state on every rank.
 */
class HeadBenchWorldSizeTest {
    static final int D = 16, B = 16, K = 4;
    static final long N = 1000;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    static HeadBenchSettings settings(int world) {
        return new HeadBenchSettings(B, K, D, 0, 1, 0.0, 3, 1, "base", world);
    }

    @Test
    void aSplitHeadIsJudgedAndTimedAsOneRanksBlock() {
        HeadCase full = HeadCase.parse("full");
        HeadFootprint whole = full.footprint("base", N, D, B, B / K);
        HeadFootprint rank = full.footprint("base", N, D, B, B / K, 2);
        // independent of the footprint formula: the state a head built for 500 classes reports
        Head block = HeadKinds.create(full.config("base"), new HeadSize(N / 2, D, B, B / K), Device.CPU);
        assertThat(rank.stateBytes()).isEqualTo(block.stateBytes());
        assertThat(2 * rank.stateBytes()).isEqualTo(whole.stateBytes());

        // memory for one rank's block but not for the whole matrix
        long available = (rank.totalBytes() + whole.totalBytes()) / 2;
        CaseResult one = HeadStepBenchmark.run(full, N, settings(1), available);
        assertThat(one.fits()).isFalse();
        assertThat(one.note()).startsWith("does not fit: needs ");
        CaseResult two = HeadStepBenchmark.run(full, N, settings(2), available);
        assertThat(two.fits()).as(two.note()).isTrue();
        assertThat(two.ran()).isTrue();
        assertThat(two.classes()).isEqualTo(N);
        assertThat(two.stateBytes()).isEqualTo(block.stateBytes());
        assertThat(two.requiredBytes()).isEqualTo(rank.totalBytes());
        assertThat(two.note()).contains("one rank of 2: 500 classes");
    }

    @Test
    void aReplicatedHeadNeedsItsWholeStateOnEveryRank() {
        HeadCase pm = HeadCase.parse("pm:128");
        assertThat(pm.footprint("base", N, D, B, B / K, 2)).isEqualTo(pm.footprint("base", N, D, B, B / K));
        assertThat(pm.rankSize("base", N, D, B, B / K, 2).identities()).isEqualTo(N);
        assertThat(HeadCase.parse("pfc:0.1").rankSize("base", 1001, D, B, B / K, 2).identities()).isEqualTo(501);
    }

    @Test
    void theWorldSizeReachesTheCaseJvm() {
        HeadBenchSettings s = settings(4);
        assertThat(HeadBenchSettings.fromArgs(HeadBenchSettings.parseArgs(s.toArgs()))).isEqualTo(s);
        // settings written before --nproc existed mean one process
        Map<String, String> old = HeadBenchSettings.parseArgs(settings(1).toArgs());
        old.remove("world");
        assertThat(HeadBenchSettings.fromArgs(old).worldSize()).isEqualTo(1);
    }
}
