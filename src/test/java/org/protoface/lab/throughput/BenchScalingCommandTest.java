package org.protoface.lab.throughput;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchScalingCommandTest {
    @Test
    void theRateIsTheMedianOfTheTrainingLinesAfterTheWarmUpWindow(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("metrics.jsonl");
        // the first window (warm-up, 5 images/s) is left out; a validation line without loss is ignored
        Files.write(m, List.of("{\"step\":5,\"loss\":1.0,\"images_per_s\":5.0}", "{\"step\":10,\"loss\":1.0,\"images_per_s\":30.0}",
                "{\"step\":10,\"val_acc\":0.5}", "{\"step\":15,\"loss\":1.0,\"images_per_s\":10.0}",
                "{\"step\":20,\"loss\":1.0,\"images_per_s\":20.0}", "{\"step\":25,\"loss\":1.0,\"images_per_s\":40.0}"));
        assertThat(BenchScalingCommand.medianImagesPerSecond(m)).isEqualTo(25.0);
        Files.write(m, List.of("{\"step\":5,\"loss\":1.0,\"images_per_s\":5.0}"));
        assertThatThrownBy(() -> BenchScalingCommand.medianImagesPerSecond(m)).hasMessageContaining("has fewer than 2 training lines; need at least 2");
    }

    @Test
    void theReportTakesTheMedianOfTheRepeatsAndTheRangeOfTheirEfficiencies() {
        // repeat i of both counts measured in the same round: 100/180, 120/200, 90/171
        java.util.Map<Integer, List<Double>> runs = new java.util.LinkedHashMap<>();
        runs.put(1, List.of(100.0, 120.0, 90.0));
        runs.put(2, List.of(180.0, 200.0, 171.0));
        List<BenchScalingCommand.Point> points = BenchScalingCommand.summarise(List.of(1, 2), runs);
        assertThat(points.get(0).imagesPerSecond()).isEqualTo(100.0);
        assertThat(points.get(0).efficiency()).isEqualTo(1.0);
        BenchScalingCommand.Point two = points.get(1);
        assertThat(two.imagesPerSecond()).isEqualTo(180.0);
        assertThat(two.efficiency()).isCloseTo(180.0 / 200.0, org.assertj.core.data.Offset.offset(1e-12));
        // single repeats: 180/200 = 0.9, 200/240 = 0.8333, 171/180 = 0.95
        assertThat(two.efficiencyMin()).isCloseTo(200.0 / 240.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(two.efficiencyMax()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(two.runs()).containsExactly(180.0, 200.0, 171.0);
        // even counts: the mean of the middle two
        runs.put(1, List.of(100.0, 110.0));
        runs.put(2, List.of(180.0, 200.0));
        assertThat(BenchScalingCommand.summarise(List.of(1, 2), runs).get(1).imagesPerSecond()).isEqualTo(190.0);
        // without a 1-rank measurement there is no efficiency
        assertThat(BenchScalingCommand.summarise(List.of(2), java.util.Map.of(2, List.of(180.0))).get(0).efficiency()).isNaN();
    }

    @Test
    void aJsonPathThatCannotBeWrittenIsRefusedBeforeAnyRankStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        for (String target : List.of(dir.toString(), file.resolve("x.json").toString())) {
            java.io.StringWriter err = new java.io.StringWriter();
            java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
            java.io.PrintStream stdout = System.out;
            System.setOut(new java.io.PrintStream(console, true));
            int code;
            try {
                code = org.protoface.app.Main.commandLine().setErr(new java.io.PrintWriter(err, true))
                        .execute("bench", "scaling", "--nproc", "1", "--steps", "10", "--repeats", "1", "--json", target);
            } finally {
                System.setOut(stdout);
            }
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(console.toString()).as("no measurement ran").doesNotContain("repeat 1/1").doesNotContain("[rank");
            assertThat(err.toString().strip()).startsWith("protoface: cannot write " + target).doesNotContain("\n").doesNotContain("\tat ");
            // nothing was left behind (no temporary file next to the target)
            assertThat(Files.list(dir).toList()).containsExactly(file);
        }
    }

    @Test
    void impossibleArgumentsAreRefusedBeforeAnyRankStarts() {
        for (String[] args : List.of(new String[] {"--batch-per-rank", "0"}, new String[] {"--nproc", "1,1"}, new String[] {"--batch-per-rank", "6"},
                new String[] {"--repeats", "0"})) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = org.protoface.app.Main.commandLine().setErr(new java.io.PrintWriter(err, true))
                    .execute(java.util.stream.Stream.concat(java.util.stream.Stream.of("bench", "scaling"), java.util.Arrays.stream(args))
                            .toArray(String[]::new));
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("protoface: ").contains(args[0]).doesNotContain("\n").doesNotContain("\tat ");
        }
    }
}
