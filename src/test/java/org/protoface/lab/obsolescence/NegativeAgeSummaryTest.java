package org.protoface.lab.obsolescence;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NegativeAgeSummaryTest {
    /** A line as the trainer writes it: one step's head telemetry; hist gives buckets 0..3, the rest 0. */
    private static String line(long step, double count, double mean, double median, double p99, double max, double[] hist, Double drift) {
        StringBuilder sb = new StringBuilder("{\"step\":" + step + ",\"loss\":2.0,\"neg_count\":" + count + ",\"neg_age_mean\":" + mean
                + ",\"neg_age_median\":" + median + ",\"neg_age_p99\":" + p99 + ",\"neg_age_max\":" + max);
        for (int k = 0; k < 16; k++) sb.append(",\"neg_age_hist_").append(k).append("\":").append(k < hist.length ? hist[k] : 0.0);
        if (drift != null) sb.append(",\"proto_drift_cos\":").append(drift);
        return sb.append("}\n").toString();
    }

    @Test
    void poolsTheSecondHalfOfTheRun(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f,
                line(10, 100, 50, 40, 90, 99, new double[] {0, 0, 0, 1}, 0.1)      // first half: ignored by the summary
                        + line(20, 100, 4, 3, 9, 12, new double[] {0.5, 0.5}, 0.8)
                        + line(30, 300, 8, 7, 15, 20, new double[] {0, 0, 1}, null)
                        + line(40, 200, 6, 5, 11, 30, new double[] {0, 0.5, 0.5}, 0.6));
        List<JsonNode> lines = MetricsLines.read(f);
        NegativeAgeSummary s = NegativeAgeSummary.of(lines, 10);

        assertThat(s.linesWithAges()).isEqualTo(3);
        // neg_count-weighted mean: (100*4 + 300*8 + 200*6) / 600
        assertThat(s.mean()).isCloseTo((400 + 2400 + 1200) / 600.0, within(1e-12));
        assertThat(s.median()).isEqualTo(5);   // median of 3, 7, 5
        assertThat(s.p99()).isEqualTo(11);     // median of 9, 15, 11
        assertThat(s.max()).isEqualTo(30);
        // pooled histogram: bucket 0: 100*0.5/600; bucket 1: (100*0.5 + 200*0.5)/600; bucket 2: (300 + 100)/600
        assertThat(s.histogram()[0]).isCloseTo(50 / 600.0, within(1e-12));
        assertThat(s.histogram()[1]).isCloseTo(150 / 600.0, within(1e-12));
        assertThat(s.histogram()[2]).isCloseTo(400 / 600.0, within(1e-12));
        assertThat(s.histogram()[3]).isEqualTo(0);
        assertThat(s.linesWithDrift()).isEqualTo(2);
        assertThat(s.driftCos()).isCloseTo(0.7, within(1e-12));
        // the per-step series for plots covers the whole run
        assertThat(s.series()).extracting(NegativeAgeSummary.AgePoint::step).containsExactly(10L, 20L, 30L, 40L);
    }

    @Test
    void aRunWithoutNegativesHasNoAges(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, "{\"step\":10,\"loss\":1}\n{\"step\":20,\"loss\":1}\n");
        NegativeAgeSummary s = NegativeAgeSummary.of(MetricsLines.read(f), 0);
        assertThat(s.linesWithAges()).isZero();
        assertThat(s.mean()).isNaN();
        assertThat(s.histogram()).isNull();
        assertThat(s.toJson().get("age_mean")).isNull();
        Files.writeString(f, "{\"loss\":1}\n");
        assertThatThrownBy(() -> MetricsLines.read(f)).hasMessageContaining("line 1: no integer 'step'");
    }
}
