package org.protoface.lab.compare;

import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.head.memory.PrototypeMemoryConfig;
import org.protoface.head.sampled.PartialFcConfig;
import org.protoface.train.BatchConfig;
import org.protoface.run.JobConfig;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchCompareCommandTest {
    @Test
    void variantSpecSplitsNameAndOverrides() {
        BenchCompareCommand.Variant v = BenchCompareCommand.Variant.parse("memory 256:head=pm; pm.memory_size=256");
        assertThat(v.name()).isEqualTo("memory 256");
        assertThat(v.overrides()).containsExactly("head=pm", "pm.memory_size=256");
        assertThatThrownBy(() -> BenchCompareCommand.Variant.parse("head=pm")).hasMessageContaining("name:key=value");
    }

    @Test
    void everySuiteVariantBuildsAValidConfigThatChangesWhatItSays() {
        for (Map.Entry<String, List<String>> suite : BenchCompareCommand.SUITES.entrySet()) {
            for (String spec : suite.getValue()) {
                BenchCompareCommand.Variant v = BenchCompareCommand.Variant.parse(spec);
                Config c = Config.load("cpu", v.overrides());
                c.requireOnlyKeys(JobConfig.KEYS);
                PrototypeMemoryConfig pm = c.get(PrototypeMemoryConfig.SECTION);
                PartialFcConfig pfc = c.get(PartialFcConfig.SECTION);
                BatchConfig batch = c.get(BatchConfig.SECTION);
                for (String o : v.overrides()) {
                    String key = o.substring(0, o.indexOf('=')), value = o.substring(o.indexOf('=') + 1);
                    switch (key) {
                        case "head" -> assertThat(c.string("head")).isEqualTo(value);
                        case "pm.memory_size" -> assertThat(pm.memorySize()).isEqualTo(Integer.parseInt(value));
                        case "pm.max_age" -> assertThat(pm.maxAge()).isEqualTo(Long.parseLong(value));
                        case "pm.grad_through_prototypes" -> assertThat(pm.gradThroughPrototypes()).isEqualTo(Boolean.parseBoolean(value));
                        case "pm.quality_weights" -> assertThat(pm.qualityWeights()).isEqualTo(Boolean.parseBoolean(value));
                        case "pm.leave_one_out" -> assertThat(pm.leaveOneOut()).isEqualTo(Boolean.parseBoolean(value));
                        case "pm.doppelganger_fraction" -> assertThat(pm.doppelgangerFraction()).isEqualTo(Double.parseDouble(value));
                        case "pfc.sample_rate" -> assertThat(pfc.sampleRate()).isEqualTo(Double.parseDouble(value));
                        case "batch.images_per_identity" -> assertThat(batch.imagesPerIdentity()).isEqualTo(Integer.parseInt(value));
                        default -> throw new AssertionError("suite " + suite.getKey() + " sets unchecked key " + key);
                    }
                }
            }
        }
    }
}
