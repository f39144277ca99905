package org.protoface.head.sampled;

import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.config.Section;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampledConfigTest {
    private static <T> T bind(Section<T> section, String yaml) {
        return Config.fromYaml(section.key() + ": " + yaml + "\n").get(section);
    }

    @Test
    void partialFcBindsSnakeCaseWithDefaults() {
        PartialFcConfig c = bind(PartialFcConfig.SECTION, "{sample_rate: 0.2, weight_decay: 1.0e-4}");
        assertThat(c).isEqualTo(new PartialFcConfig(0.2, 0.9, 1e-4, 50, 0));
        assertThat(bind(PartialFcConfig.SECTION, "{}")).isEqualTo(new PartialFcConfig(0.1, 0.9, 5e-4, 50, 0));
        assertThat(Config.treeOf(c).toString()).contains("\"sample_rate\"", "\"drift_every\"");
        assertThat(bind(PartialFcConfig.SECTION, Config.treeOf(c).toString())).isEqualTo(c);
    }

    @Test
    void partialFcRejectsTyposAndBadValues() {
        assertThatThrownBy(() -> bind(PartialFcConfig.SECTION, "{sample_rat: 0.2}")).hasMessageContaining("sample_rat");
        assertThatThrownBy(() -> bind(PartialFcConfig.SECTION, "{sample_rate: 1.5}"))
                .hasMessageContaining("sample_rate must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> bind(PartialFcConfig.SECTION, "{momentum: 1.0}")).hasMessageContaining("momentum must be in [0, 1)");
    }

    @Test
    void dSoftmaxKBindsSnakeCaseWithDefaults() {
        DSoftmaxKConfig c = bind(DSoftmaxKConfig.SECTION, "{negatives: 64, intra_threshold: 0.8}");
        assertThat(c).isEqualTo(new DSoftmaxKConfig(64, 64.0, 0.8, 0.0, 0.9, 5e-4, 50, 0));
        assertThat(bind(DSoftmaxKConfig.SECTION, "{}")).isEqualTo(new DSoftmaxKConfig(1024, 64.0, 0.9, 0.0, 0.9, 5e-4, 50, 0));
        assertThat(c.loss().intraThreshold()).isEqualTo(0.8);
        assertThatThrownBy(() -> bind(DSoftmaxKConfig.SECTION, "{negatives: -1}")).hasMessageContaining("dsoftmax.negatives must be at least 0, got -1");
    }
}
