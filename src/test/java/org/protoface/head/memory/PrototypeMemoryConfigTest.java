package org.protoface.head.memory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrototypeMemoryConfigTest {
    /** Both a plain YAML mapper and one set up like the project's config loader must bind it. */
    private static final ObjectMapper PLAIN = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT_SNAKE = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @Test
    void absentKeysTakeTheDefaults() throws Exception {
        for (ObjectMapper mapper : new ObjectMapper[] {PLAIN, STRICT_SNAKE}) {
            PrototypeMemoryConfig c = mapper.readValue("memory_size: 2048\n", PrototypeMemoryConfig.class);
            assertThat(c).isEqualTo(PrototypeMemoryConfig.defaults().withMemorySize(2048));
            assertThat(c.gradThroughPrototypes()).isTrue();
            assertThat(c.qualityWeights()).isFalse();
            assertThat(c.leaveOneOut()).isFalse();
            assertThat(c.maxAge()).isZero();
            assertThat(c.doppelgangerFraction()).isZero();
            assertThat(c.doppelgangerNeighbours()).isEqualTo(3);
            assertThat(mapper.readValue("{}", PrototypeMemoryConfig.class)).isEqualTo(PrototypeMemoryConfig.defaults());
        }
        assertThat(PrototypeMemoryConfig.defaults().memorySize()).isEqualTo(1024);
    }

    @Test
    void bindsEverySnakeCaseKey() throws Exception {
        String yaml = """
                memory_size: 512
                grad_through_prototypes: false
                quality_weights: true
                leave_one_out: true
                max_age: 300
                doppelganger_fraction: 0.25
                doppelganger_neighbours: 5
                doppelganger_capacity: 2000
                """;
        for (ObjectMapper mapper : new ObjectMapper[] {PLAIN, STRICT_SNAKE}) {
            PrototypeMemoryConfig c = mapper.readValue(yaml, PrototypeMemoryConfig.class);
            assertThat(c).isEqualTo(new PrototypeMemoryConfig(512, false, true, true, 300, 0.25, 5, 2000));
            assertThat(c.doppelgangersEnabled()).isTrue();
            // and it writes back under the same keys
            assertThat(mapper.readValue(mapper.writeValueAsString(c), PrototypeMemoryConfig.class)).isEqualTo(c);
            assertThat(mapper.writeValueAsString(c)).contains("memory_size", "doppelganger_capacity").doesNotContain("memorySize");
        }
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> STRICT_SNAKE.readValue("memory_size: 0\n", PrototypeMemoryConfig.class))
                .hasMessageContaining("memory_size = 0");
        assertThatThrownBy(() -> STRICT_SNAKE.readValue("doppelganger_fraction: 1.5\n", PrototypeMemoryConfig.class))
                .hasMessageContaining("doppelganger_fraction = 1.5");
        assertThatThrownBy(() -> STRICT_SNAKE.readValue("max_age: -1\n", PrototypeMemoryConfig.class))
                .hasMessageContaining("max_age = -1");
        assertThatThrownBy(() -> STRICT_SNAKE.readValue("memory_sise: 10\n", PrototypeMemoryConfig.class))
                .hasMessageContaining("memory_sise");
    }
}
