package org.protoface.lab.obsolescence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsLinesTest {
    @Test
    void throughputIsTheMedianOfTheWindowsAfterTheFirstSoAStalledWindowDoesNotSetIt(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("metrics.jsonl");
        // warm-up 100, then 700, a window in which the process was stopped (12), 710, 690; a
        // validation line without loss does not count
        Files.writeString(m, String.join("\n",
                "{\"step\":20,\"loss\":9.0,\"images_per_s\":100.0}",
                "{\"step\":40,\"loss\":8.0,\"images_per_s\":700.0}",
                "{\"step\":60,\"loss\":7.0,\"images_per_s\":12.0}",
                "{\"step\":60,\"val_acc\":0.7,\"images_per_s\":1.0}",
                "{\"step\":80,\"loss\":6.0,\"images_per_s\":710.0}",
                "",
                "{\"step\":100,\"loss\":5.0,\"images_per_s\":690.0}") + "\n");
        // sorted {12, 690, 700, 710}: (690 + 700) / 2; the mean of all five would be 442.4
        assertThat(MetricsLines.medianImagesPerSecond(MetricsLines.read(m))).isEqualTo(695.0);
    }

    @Test
    void fewerThanTwoTrainingLinesGiveNoFigure(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("metrics.jsonl");
        Files.writeString(m, "{\"step\":20,\"loss\":9.0,\"images_per_s\":100.0}\n");
        assertThat(MetricsLines.medianImagesPerSecond(MetricsLines.read(m))).isNaN();
    }

    @Test
    void aBadLineIsNamedByFileAndLine(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("metrics.jsonl");
        Files.writeString(m, "{\"step\":1}\n{\"loss\":2}\n");
        assertThatThrownBy(() -> MetricsLines.read(m)).hasMessage(m + " line 2: no integer 'step'");
    }
}
