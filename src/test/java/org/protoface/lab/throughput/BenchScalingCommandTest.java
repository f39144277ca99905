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
    void impossibleArgumentsAreRefusedBeforeAnyRankStarts() {
        for (String[] args : List.of(new String[] {"--batch-per-rank", "0"}, new String[] {"--nproc", "1,1"}, new String[] {"--batch-per-rank", "6"})) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = org.protoface.app.Main.commandLine().setErr(new java.io.PrintWriter(err, true))
                    .execute(java.util.stream.Stream.concat(java.util.stream.Stream.of("bench", "scaling"), java.util.Arrays.stream(args))
                            .toArray(String[]::new));
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("protoface: ").contains(args[0]).doesNotContain("\n").doesNotContain("\tat ");
        }
    }
}
