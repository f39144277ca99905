package org.protoface.lab.throughput;

import org.junit.jupiter.api.Test;
import org.protoface.distributed.Collectives;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AllReduceBenchmarkTest {
    @Test
    void sizesAreFloat32MebibytesAndBandwidthFollowsFromTheMedian() {
        List<AllReduceBenchmark.SizeResult> r = AllReduceBenchmark.run(Collectives.single(), new double[] {1, 0.25}, 3);
        assertThat(r).extracting(AllReduceBenchmark.SizeResult::sizeBytes).containsExactly(1L << 20, 1L << 18);
        for (AllReduceBenchmark.SizeResult s : r) {
            assertThat(s.minMs()).isLessThanOrEqualTo(s.medianMs());
            assertThat(s.algorithmGbPerS()).isCloseTo(s.sizeBytes() / (s.medianMs() / 1e3) / 1e9, within(1e-9 * s.algorithmGbPerS()));
            // one rank sends nothing: a ring all-reduce moves 2 (n - 1) / n of the data per rank
            assertThat(s.busGbPerS()).isZero();
        }
        assertThatThrownBy(() -> AllReduceBenchmark.run(Collectives.single(), new double[] {1}, 0)).hasMessage("--repeats must be >= 1, got 0");
    }
}
