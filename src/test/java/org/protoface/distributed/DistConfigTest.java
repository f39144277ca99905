package org.protoface.distributed;

import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.config.ConfigException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistConfigTest {
    @Test
    void bindsTheDistSectionWithSnakeCaseKeys() {
        DistConfig d = Config.fromYaml("dist:\n  timeout_s: 45\n  bucket_mb: 0.5\n  gloo_threads: 3\n").section("dist", DistConfig.class);
        assertThat(d).isEqualTo(new DistConfig(45, 0.5, 3));
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.bucketBytes()).isEqualTo(512 * 1024);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> Config.fromYaml("dist:\n  timeout_s: 0\n  bucket_mb: 25\n  gloo_threads: 2\n").section("dist", DistConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dist.timeout_s must be >= 1 second, got 0");
        assertThatThrownBy(() -> new DistConfig(10, -1, 2)).hasMessage("dist.bucket_mb must be in (0, 4096], got -1.0");
        assertThatThrownBy(() -> Config.fromYaml("dist:\n  timeout_s: 5\n  bucket_mb: 25\n  gloo_threads: 2\n  timeout: 5\n").section("dist", DistConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("\"timeout\"");
    }
}
