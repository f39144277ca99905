package org.protoface.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A resume from step N removes what the crashed run logged after N, so no step appears twice. */
class MetricsLogResumeTest {
    @Test
    void linesAfterTheCheckpointAndATornLastLineAreRemovedTheRestKeptInOrder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        Files.write(f, List.of("{\"step\":1,\"loss\":5.0}", "{\"step\":2,\"loss\":4.0}", "{\"step\":2,\"val_acc\":0.6}",
                "{\"event\":\"note\"}", "{\"step\":3,\"loss\":3.0}", "{\"step\":4,\"val_acc\":0.7}", "{\"step\":4,\"lo"));
        assertThat(MetricsLog.dropLinesAfter(f, 2)).isEqualTo(3);
        assertThat(Files.readAllLines(f)).containsExactly("{\"step\":1,\"loss\":5.0}", "{\"step\":2,\"loss\":4.0}",
                "{\"step\":2,\"val_acc\":0.6}", "{\"event\":\"note\"}");
        long before = Files.getLastModifiedTime(f).toMillis();
        assertThat(MetricsLog.dropLinesAfter(f, 2)).as("nothing left to remove: the file is not rewritten").isZero();
        assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(before);
        assertThat(MetricsLog.dropLinesAfter(dir.resolve("absent.jsonl"), 2)).isZero();
        assertThat(MetricsLog.dropLinesAfter(f, 0)).isEqualTo(3);
        assertThat(Files.readAllLines(f)).containsExactly("{\"event\":\"note\"}");
    }
}
