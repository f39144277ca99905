package org.protoface.lab.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RssProfileTest {
    private static final long MB = 1 << 20;

    @Test
    void ratioIsThePeakAfterWarmupOverTheFirstValueAfterIt(@TempDir Path dir) throws Exception {
        // steps 10..100; the warm-up spike at step 10 must not count, growth later must
        long[] rssMb = {900, 600, 610, 605, 640, 620, 630, 650, 645, 648};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rssMb.length; i++) {
            sb.append("{\"step\":").append(10 * (i + 1)).append(",\"loss\":1.5,\"rss_bytes\":").append(rssMb[i] * MB).append("}\n");
        }
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, sb.toString());

        RssProfile p = RssProfile.read(f);
        assertThat(p.defaultWarmupSteps()).isEqualTo(10);
        RssProfile.Flatness flat = p.flatness(20);
        assertThat(flat.referenceStep()).isEqualTo(20);
        assertThat(flat.referenceRss()).isEqualTo(600 * MB);
        assertThat(flat.peakStep()).isEqualTo(80);
        assertThat(flat.ratio()).isCloseTo(650.0 / 600.0, within(1e-12));
        assertThat(flat.linesUsed()).isEqualTo(9);
        assertThat(flat.lastRss()).isEqualTo(648 * MB);
        // with the default warm-up (step 10) the spike is the reference and nothing exceeds it
        assertThat(p.flatness(p.defaultWarmupSteps()).ratio()).isEqualTo(1.0);
    }

    @Test
    void badLinesAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.jsonl");
        Files.writeString(f, "{\"step\":10,\"rss_bytes\":100}\n{\"step\":20}\n");
        assertThatThrownBy(() -> RssProfile.read(f)).hasMessageContaining("m.jsonl line 2").hasMessageContaining("'rss_bytes'");
        Files.writeString(f, "{\"step\":10,\"rss_bytes\":100}\nnot json\n");
        assertThatThrownBy(() -> RssProfile.read(f)).hasMessageContaining("line 2: not a JSON object");
        Files.writeString(f, "{\"step\":10,\"rss_bytes\":-1}\n");
        assertThatThrownBy(() -> RssProfile.read(f)).hasMessageContaining("not measurable");
        Files.writeString(f, "{\"step\":10,\"rss_bytes\":100}\n{\"step\":20,\"rss_bytes\":100}\n");
        assertThatThrownBy(() -> RssProfile.read(f).flatness(15)).hasMessageContaining("only 1 metrics line");
    }
}
