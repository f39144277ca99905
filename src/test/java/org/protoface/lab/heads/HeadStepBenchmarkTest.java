package org.protoface.lab.heads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.testing.ResidentMemory;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HeadStepBenchmarkTest {
    private static final int DIM = 32, BATCH = 16, K = 4;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void prototypeMemoryStateIsTheSameAtAThousandAndAHundredMillionClasses() {
        HeadBenchSettings s = HeadFootprintTest.settings(DIM, BATCH, K);
        CaseResult small = HeadStepBenchmark.run(HeadCase.parse("pm:256"), 1_000, s);
        CaseResult huge = HeadStepBenchmark.run(HeadCase.parse("pm:256"), 100_000_000, s);
        assertThat(small.fits()).isTrue();
        assertThat(huge.fits()).isTrue();
        assertThat(small.ran()).isTrue();
        assertThat(huge.ran()).isTrue();
        // the state the footprint predicted before anything was built
        assertThat(huge.stateBytes()).isEqualTo(small.stateBytes())
                .isEqualTo(HeadCase.parse("pm:256").footprint("base", 1_000, DIM, BATCH, BATCH / K).stateBytes());
        assertThat(huge.requiredBytes()).isEqualTo(small.requiredBytes());
    }

    @Test
    void prototypeMemoryIsTimedOnlyOnceItIsFullEvenWhenLabelsRepeat() {
        HeadBenchSettings s = HeadFootprintTest.settings(DIM, BATCH, K);
        // 256 slots from 300 identities, 4 per step: M / (B/K) = 64 steps would leave the memory
        // about 58% full (labels repeat); filling it takes a few hundred steps
        CaseResult r = HeadStepBenchmark.run(HeadCase.parse("pm:256"), 300, s);
        assertThat(r.note()).startsWith("ran; memory 256 of 256 prototypes after ");
        int fillSteps = Integer.parseInt(r.note().replaceAll(".* after (\\d+) fill steps", "$1"));
        assertThat(fillSteps).isGreaterThan(64);
        // fewer identities than slots: full means all N of them
        CaseResult few = HeadStepBenchmark.run(HeadCase.parse("pm:256"), 40, s);
        assertThat(few.note()).startsWith("ran; memory 40 of 256 prototypes");
    }

    @Test
    void jsonRowsOfATinySweepCarryEveryField(@TempDir Path dir) throws Exception {
        List<CaseResult> printed = new ArrayList<>();
        List<CaseResult> rows = HeadScaleBenchmark.run(HeadCase.parseList("full,pm:64"), new long[] {1_000_000_000_000L, 200},
                HeadFootprintTest.settings(DIM, BATCH, K), CaseRunner.IN_PROCESS, printed::add);
        assertThat(printed).isEqualTo(rows);
        Path json = dir.resolve("heads.json");
        HeadScaleBenchmark.writeJson(json, rows);

        JsonNode array = new ObjectMapper().readTree(json.toFile());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(4);
        // heads in the order given, N ascending within a head
        assertThat(array.get(0).get("head").asText()).isEqualTo("full");
        assertThat(array.get(0).get("classes").asLong()).isEqualTo(200);
        assertThat(array.get(1).get("classes").asLong()).isEqualTo(1_000_000_000_000L);
        assertThat(array.get(2).get("head").asText()).isEqualTo("pm:64");
        for (JsonNode row : array) {
            for (String field : List.of("head", "classes", "fits", "state_bytes", "required_bytes", "ms_per_step", "peak_rss_bytes")) {
                assertThat(row.has(field)).as(field + " in " + row).isTrue();
            }
        }
        JsonNode ran = array.get(0), tooBig = array.get(1);
        assertThat(ran.get("fits").asBoolean()).isTrue();
        assertThat(ran.get("ms_per_step").asDouble()).isPositive();
        ResidentMemory.requireReadable();
        assertThat(ran.get("peak_rss_bytes").asLong()).isGreaterThan(ResidentMemory.bytes() / 2);
        assertThat(ran.get("state_bytes").asLong()).isEqualTo(2L * 200 * DIM * 4);
        assertThat(tooBig.get("fits").asBoolean()).isFalse();
        assertThat(tooBig.get("ms_per_step").isNull()).isTrue();
        assertThat(tooBig.get("peak_rss_bytes").isNull()).isTrue();
        assertThat(tooBig.get("note").asText()).startsWith("does not fit: needs ");
        // the JSON reads back into the same rows (the child-process path relies on it)
        for (int i = 0; i < rows.size(); i++) assertThat(CaseResult.fromJson(array.get(i)).toJson()).isEqualTo(rows.get(i).toJson());

        Path png = dir.resolve("heads.png");
        HeadBenchPlot.write(png, rows);
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(HeadBenchTable.format(rows)).contains("does not fit").contains("pm:64");
    }

    @Test
    void labelsAreDistinctIdentitiesRepeatedKTimes() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            long[] labels = HeadStepBenchmark.labels(rng, 40, 8, 4);
            assertThat(labels).hasSize(32);
            Map<Long, Integer> counts = new HashMap<>();
            for (long l : labels) {
                assertThat(l).isBetween(0L, 39L);
                counts.merge(l, 1, Integer::sum);
            }
            assertThat(counts).hasSize(8);
            assertThat(counts.values()).containsOnly(4);
        }
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(org.protoface.util.Medians.ofSorted(new double[] {1, 2, 9})).isEqualTo(2);
        assertThat(org.protoface.util.Medians.ofSorted(new double[] {1, 2, 4, 9})).isEqualTo(3);
    }
}
