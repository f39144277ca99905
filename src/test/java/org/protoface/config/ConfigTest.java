package org.protoface.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.train.LoopConfig;
import org.protoface.train.OptimConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    @Test
    void jobFileMergesOverItsBaseAndOverridesKeepTypes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), "head: full\noptim: {type: sgd, lr: 0.1, momentum: 0.9}\ntrain: {steps: 10}\n");
        Files.writeString(dir.resolve("job.yaml"), "base: " + dir.resolve("base.yaml") + "\noptim: {lr: 0.05}\n");
        Config c = Config.load(dir.resolve("job.yaml").toString(), List.of("train.steps=25", "head=pm"));
        assertThat(c.string("head")).isEqualTo("pm");
        assertThat(c.tree().at("/optim/lr").asDouble()).isEqualTo(0.05);
        assertThat(c.tree().at("/optim/momentum").asDouble()).isEqualTo(0.9);
        assertThat(c.tree().at("/train/steps").isInt()).isTrue();
        assertThat(c.tree().at("/train/steps").asInt()).isEqualTo(25);
        assertThat(c.tree().has("base")).isFalse();
        // the saved effective config reloads to the same tree
        Path saved = dir.resolve("out/config.yaml");
        c.save(saved);
        assertThat(Config.load(saved.toString(), List.of()).tree()).isEqualTo(c.tree());
    }

    @Test
    void bindingNamesTheSectionAndTheUnknownField() {
        Config c = Config.fromYaml("optim: {type: sgd, lr: 0.1, momentum: 0.9, weight_decay: 0, no_decay_bn_bias: true, "
                + "clip_grad_norm: 0, beta1: 0.9, beta2: 0.999, eps: 1.0e-8, lr_typo: 3}\n");
        assertThatThrownBy(() -> c.get(OptimConfig.SECTION))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'optim.lr_typo' is not a setting of section optim")
                .hasMessageContaining("known: beta1, beta2, clip_grad_norm, eps, lr, momentum, no_decay_bn_bias, type, weight_decay)");
    }

    /** Jackson's wording (class names, coercion settings, token names) never reaches the user. */
    @Test
    void typeErrorsSayTheKeyWhatItExpectsAndWhatItGot(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Config.load("cpu", List.of("optim.lrr=0.1")).get(OptimConfig.SECTION))
                .hasMessageStartingWith("--set: key 'optim.lrr' is not a setting of section optim (known: ")
                .hasMessageContaining("lr, momentum")
                .hasMessageNotContaining("class").hasMessageNotContaining("ignorable");
        assertThatThrownBy(() -> Config.load("cpu", List.of("train.steps=12.5")).get(LoopConfig.SECTION))
                .hasMessage("train.steps: expected a whole number, got 12.5 (from --set)");
        assertThatThrownBy(() -> Config.load("cpu", List.of("optim.lr=fast")).get(OptimConfig.SECTION))
                .hasMessage("optim.lr: expected a number, got 'fast' (from --set)");
        assertThatThrownBy(() -> Config.load("cpu", List.of("optim.no_decay_bn_bias=[1]")).get(OptimConfig.SECTION))
                .hasMessage("optim.no_decay_bn_bias: expected true or false, got a list (from --set)");

        Path job = dir.resolve("job.yaml");
        Files.writeString(job, "base: cpu\ntrain:\n  steps: [1, 2]\n");
        assertThatThrownBy(() -> Config.load(job.toString(), List.of()).get(LoopConfig.SECTION))
                .hasMessage("train.steps: expected a whole number, got a list (from " + job + ")");
    }

    @Test
    void invalidYamlNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("x.yaml");
        // line 3 is indented deeper than the mapping it should belong to
        Files.writeString(job, "train:\n  steps: 10\n    seed: 3\n");
        assertThatThrownBy(() -> Config.load(job.toString(), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(job + " line 3 column ")
                .hasMessageContaining(": invalid YAML: ")
                .hasMessageNotContaining("\n").hasMessageNotContaining("while parsing");
    }

    @Test
    void unknownTopLevelKeysAndMalformedOverridesAreRejected() {
        Config c = Config.fromYaml("head: full\nhaed: pm\n");
        assertThatThrownBy(() -> c.requireOnlyKeys(List.of("head"))).hasMessageContaining("unknown config key 'haed'");
        assertThatThrownBy(() -> Config.load("no-such-preset-xyz", List.of())).hasMessageContaining("no-such-preset-xyz");
        assertThatThrownBy(() -> Config.applyOverride((com.fasterxml.jackson.databind.node.ObjectNode) c.tree(), "head"))
                .hasMessageContaining("must look like key=value");
        assertThatThrownBy(() -> Config.applyOverride((com.fasterxml.jackson.databind.node.ObjectNode) c.tree(), "head.x=1"))
                .hasMessageContaining("'head' is a value, not a section");
    }

    @Test
    void shippedPresetsBindEverySection() {
        for (String preset : List.of("base", "cpu")) {
            Config c = Config.load(preset, List.of());
            c.requireOnlyKeys(org.protoface.run.JobConfig.KEYS);
            c.get(OptimConfig.SECTION);
            c.get(org.protoface.train.LoopConfig.SECTION);
            c.get(org.protoface.train.ScheduleConfig.SECTION);
            c.get(org.protoface.train.BatchConfig.SECTION);
            c.get(org.protoface.encoder.EncoderSpec.SECTION);
            c.get(org.protoface.head.MarginSpec.SECTION);
            c.get(org.protoface.head.memory.PrototypeMemoryConfig.SECTION);
            c.get(org.protoface.head.sampled.PartialFcConfig.SECTION);
            c.get(org.protoface.head.sampled.DSoftmaxKConfig.SECTION);
            c.get(org.protoface.eval.EvalConfig.SECTION);
            c.get(org.protoface.data.augment.AugmentConfig.SECTION);
        }
    }
}
