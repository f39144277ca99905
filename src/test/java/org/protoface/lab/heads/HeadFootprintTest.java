package org.protoface.lab.heads;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.head.Head;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;
import org.protoface.torch.Device;
import org.protoface.torch.NativeMemory;
import org.protoface.torch.Torch;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeadFootprintTest {
    private static final int D = 512, B = 128, P = 32;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void fullSoftmaxAtTenBillionClassesDoesNotFitAndNothingIsAllocated() {
        long n = 10_000_000_000L;
        long rssBefore = NativeMemory.residentBytes();
        CaseResult r = HeadStepBenchmark.run(HeadCase.parse("full"), n, settings(D, B, 4));
        long rssAfter = NativeMemory.residentBytes();

        // independent arithmetic: W and momentum are 2 N d floats; a step adds six N x d temporaries
        // and six B x N score matrices
        double state = 2.0 * n * D * 4;
        double step = 6.0 * n * D * 4 + 6.0 * B * n * 4;
        assertThat(r.fits()).isFalse();
        assertThat((double) r.stateBytes()).isEqualTo(state);
        assertThat((double) r.requiredBytes()).isEqualTo(state + step);
        assertThat(r.note()).startsWith("does not fit: needs ").contains(String.format(java.util.Locale.ROOT, "%.2f GiB", (state + step) / (1L << 30)));
        assertThat(r.msPerStep()).isNaN();
        assertThat(r.peakRssBytes()).isEqualTo(-1);
        // 40 TB were not touched: resident memory moved by less than the noise of a JVM doing a little work
        assertThat(Math.abs(rssAfter - rssBefore)).isLessThan(64L << 20);
    }

    @Test
    void sampledHeadsUsePartialFcStateFormula() {
        long n = 3_000_000L;
        // centres + momentum (2 N d float32), one long per class, an N-bit set rounded up to longs
        long expected = 2L * n * D * 4 + 8L * n + (n + 63) / 64 * 8;
        assertThat(HeadCase.parse("pfc:0.1").footprint("base", n, D, B, P).stateBytes()).isEqualTo(expected);
        assertThat(HeadCase.parse("dsoftmax:1024").footprint("base", n, D, B, P).stateBytes()).isEqualTo(expected);
        // rows per step: ceil(0.1 N) for Partial FC, the batch's classes plus K for D-Softmax-K
        assertThat(HeadCase.parse("pfc:0.1").footprint("base", n, D, B, P).rowsPerStep()).isEqualTo(300_000);
        assertThat(HeadCase.parse("dsoftmax:1024").footprint("base", n, D, B, P).rowsPerStep()).isEqualTo(1024 + P);
        // at r = 0 only the batch's classes take part
        assertThat(HeadCase.parse("pfc:0").footprint("base", n, D, B, P).rowsPerStep()).isEqualTo(P);
    }

    @Test
    void prototypeMemoryFootprintDoesNotDependOnN() {
        HeadFootprint small = HeadCase.parse("pm:65536").footprint("base", 1_000, D, B, P);
        HeadFootprint huge = HeadCase.parse("pm:65536").footprint("base", 100_000_000, D, B, P);
        assertThat(huge).isEqualTo(small);
        assertThat(small.stateBytes()).isEqualTo(65536L * (4 * D + 16 + 80));
    }

    @Test
    void predictedStateMatchesWhatTheBuiltHeadsReport() {
        int d = 16;
        long n = 500;
        for (String h : List.of("full", "pfc:0.2", "dsoftmax:64", "pm:128")) {
            HeadCase c = HeadCase.parse(h);
            Head head = HeadKinds.create(c.config("base"), new HeadSize(n, d, 16, 4), Device.CPU);
            assertThat(c.footprint("base", n, d, 16, 4).stateBytes()).as(h).isEqualTo(head.stateBytes());
        }
    }

    @Test
    void fitDecisionKeepsTheSafetyShareFree() {
        HeadFootprint f = new HeadFootprint(600, 200, 1, 1, 0);
        assertThat(FitDecision.decide(f, 1000, 0.2).fits()).isTrue();   // 800 <= 1000 x 0.8
        assertThat(FitDecision.decide(f, 999, 0.2).fits()).isFalse();   // 800 > 799.2
        assertThat(FitDecision.decide(f, -1, 0.2).fits()).isTrue();     // unknown memory: try it
        FitDecision no = FitDecision.decide(f, 500, 0.0);
        assertThat(no.explanation()).isEqualTo("does not fit: needs 0.00 GiB, 0.00 GiB usable of 0.00 GiB available");
        assertThatThrownBy(() -> FitDecision.decide(f, 1000, 1.0)).hasMessageContaining("safety margin");
    }

    @Test
    void overflowingSizesFailLoudly() {
        assertThatThrownBy(() -> HeadCase.parse("full").footprint("base", Long.MAX_VALUE / 2, D, B, P))
                .isInstanceOf(ArithmeticException.class);
    }

    static HeadBenchSettings settings(int dim, int batch, int k) {
        return new HeadBenchSettings(batch, k, dim, 1, 2, 0.15, 3, 0, "base");
    }
}
