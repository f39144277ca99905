package org.protoface.head.sampled;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampledConfigTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void partialFcBindsSnakeCaseWithDefaults() throws Exception {
        PartialFcConfig c = json.readValue("{\"sample_rate\": 0.2, \"weight_decay\": 1e-4}", PartialFcConfig.class);
        assertThat(c).isEqualTo(new PartialFcConfig(0.2, 0.9, 1e-4, 50, 0));
        assertThat(json.readValue("{}", PartialFcConfig.class)).isEqualTo(PartialFcConfig.defaults());
        assertThat(json.readValue(json.writeValueAsString(c), PartialFcConfig.class)).isEqualTo(c);
        assertThat(json.writeValueAsString(c)).contains("\"sample_rate\"", "\"drift_every\"");
    }

    @Test
    void partialFcRejectsTyposAndBadValues() {
        assertThatThrownBy(() -> json.readValue("{\"sample_rat\": 0.2}", PartialFcConfig.class))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("sample_rat");
        assertThatThrownBy(() -> json.readValue("{\"sample_rate\": 1.5}", PartialFcConfig.class))
                .hasMessageContaining("sample_rate must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> json.readValue("{\"momentum\": 1.0}", PartialFcConfig.class))
                .hasMessageContaining("momentum must be in [0, 1)");
    }

    @Test
    void dSoftmaxKBindsSnakeCaseWithDefaults() throws Exception {
        DSoftmaxKConfig c = json.readValue("{\"negatives\": 64, \"intra_threshold\": 0.8}", DSoftmaxKConfig.class);
        assertThat(c).isEqualTo(new DSoftmaxKConfig(64, 64.0, 0.8, 0.0, 0.9, 5e-4, 50, 0));
        assertThat(json.readValue("{}", DSoftmaxKConfig.class)).isEqualTo(DSoftmaxKConfig.defaults());
        assertThat(c.loss().intraThreshold()).isEqualTo(0.8);
        assertThatThrownBy(() -> json.readValue("{\"negatives\": -1}", DSoftmaxKConfig.class))
                .hasMessageContaining("negatives must be >= 0");
    }
}
