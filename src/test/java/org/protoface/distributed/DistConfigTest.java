package org.protoface.distributed;

import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.config.ConfigException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistConfigTest {
    @Test
    void bindsTheDistSectionWithSnakeCaseKeysOverTheDefaults() {
        DistConfig d = Config.fromYaml("dist:\n  timeout_s: 45\n  bucket_mb: 0.5\n").get(DistConfig.SECTION);
        assertThat(d).isEqualTo(new DistConfig(45, 0.5, DistConfig.DEFAULTS.glooThreads()));
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.bucketBytes()).isEqualTo(512 * 1024);
        assertThat(Config.fromYaml("head: full\n").get(DistConfig.SECTION)).isEqualTo(new DistConfig(300, 25, 2));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> Config.fromYaml("dist:\n  timeout_s: 0\n").get(DistConfig.SECTION))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dist.timeout_s must be >= 1 second, got 0");
        assertThatThrownBy(() -> new DistConfig(10, -1, 2)).hasMessage("dist.bucket_mb must be in (0, 4096], got -1.0");
        assertThatThrownBy(() -> Config.fromYaml("dist:\n  timeout: 5\n").get(DistConfig.SECTION))
                .isInstanceOf(ConfigException.class).hasMessageContaining("timeout");
    }
}
