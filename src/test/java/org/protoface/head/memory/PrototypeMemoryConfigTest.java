package org.protoface.head.memory;

import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.config.ConfigException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrototypeMemoryConfigTest {
    private static PrototypeMemoryConfig bind(String section) {
        return Config.fromYaml("pm: " + section + "\n").get(PrototypeMemoryConfig.SECTION);
    }

    @Test
    void absentKeysTakeTheDefaults() {
        PrototypeMemoryConfig c = bind("{memory_size: 2048}");
        assertThat(c).isEqualTo(new PrototypeMemoryConfig(2048, true, false, false, 0, 0.0, 3, 4096, true));
        assertThat(bind("{}")).isEqualTo(new PrototypeMemoryConfig(1024, true, false, false, 0, 0.0, 3, 4096, true));
        // no section at all binds the same defaults
        assertThat(Config.fromYaml("head: pm\n").get(PrototypeMemoryConfig.SECTION)).isEqualTo(bind("{}"));
    }

    @Test
    void bindsEverySnakeCaseKeyAndWritesThemBack() {
        PrototypeMemoryConfig c = bind("{memory_size: 512, grad_through_prototypes: false, quality_weights: true, leave_one_out: true,"
                + " max_age: 300, doppelganger_fraction: 0.25, doppelganger_neighbours: 5, doppelganger_capacity: 2000, gather_embeddings: false}");
        assertThat(c).isEqualTo(new PrototypeMemoryConfig(512, false, true, true, 300, 0.25, 5, 2000, false));
        assertThat(c.doppelgangersEnabled()).isTrue();
        String written = Config.treeOf(c).toString();
        assertThat(written).contains("memory_size", "doppelganger_capacity").doesNotContain("memorySize");
        assertThat(Config.fromYaml("pm: " + written + "\n").get(PrototypeMemoryConfig.SECTION)).isEqualTo(c);
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> bind("{memory_size: 0}")).isInstanceOf(ConfigException.class).hasMessageContaining("pm.memory_size must be at least 1, got 0");
        assertThatThrownBy(() -> bind("{doppelganger_fraction: 1.5}")).hasMessageContaining("pm.doppelganger_fraction must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> bind("{max_age: -1}")).hasMessageContaining("pm.max_age must be >= 0 (0 = no age limit), got -1");
        assertThatThrownBy(() -> bind("{memory_sise: 10}")).hasMessageContaining("key 'pm.memory_sise' is not a setting of section pm");
    }
}
