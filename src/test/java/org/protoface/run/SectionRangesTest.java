package org.protoface.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.protoface.config.Config;
import org.protoface.config.ConfigException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every config section refuses a value outside its range when the job is resolved, with a message
 * that names the key, the value given and the valid range; the edge of each range is accepted.
 */
class SectionRangesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "train.steps=-1                    | train.steps                    | -1    | at least 1",
            "train.steps=0                     | train.steps                    | 0     | at least 1",
            "train.threads=-2                  | train.threads                  | -2    | at least 0",
            "train.loader_workers=-1           | train.loader_workers           | -1    | at least 0",
            "train.prefetch=0                  | train.prefetch                 | 0     | at least 1",
            "train.log_every=0                 | train.log_every                | 0     | at least 1",
            "train.checkpoint_every=-5         | train.checkpoint_every         | -5    | at least 0",
            "train.keep_checkpoints=0          | train.keep_checkpoints         | 0     | at least 1",
            "batch.size=0                      | batch.size                     | 0     | at least 1",
            "batch.images_per_identity=0       | batch.images_per_identity      | 0     | at least 1",
            "batch.images_per_identity=5       | batch.size                     | 128 and 5 | multiple of",
            "optim.lr=0                        | optim.lr                       | 0.0   | above 0",
            "optim.lr=-0.1                     | optim.lr                       | -0.1  | above 0",
            "optim.momentum=1.5                | optim.momentum                 | 1.5   | [0, 1)",
            "optim.weight_decay=-1             | optim.weight_decay             | -1.0  | 0 or more",
            "optim.clip_grad_norm=-1           | optim.clip_grad_norm           | -1.0  | >= 0 (0 = off)",
            "optim.eps=0                       | optim.eps                      | 0.0   | above 0",
            "schedule.warmup_steps=-1          | schedule.warmup_steps          | -1    | at least 0",
            "schedule.gamma=0                  | schedule.gamma                 | 0.0   | above 0",
            "schedule.milestones=[0]           | schedule.milestones            | 0     | at least 1",
            "encoder.embedding_size=0          | encoder.embedding_size         | 0     | at least 1",
            "encoder.input_size=-32            | encoder.input_size             | -32   | at least 1",
            "encoder.dropout=1                 | encoder.dropout                | 1.0   | [0, 1)",
            "encoder.width=0                   | encoder.width                  | 0.0   | above 0",
            "margin.s=0                        | margin.s                       | 0.0   | above 0",
            "margin.curricular_momentum=2      | margin.curricular_momentum     | 2.0   | [0, 1)",
            "eval.pairs=0                      | eval.pairs                     | 0     | at least 20",
            "eval.images_per_identity=1        | eval.images_per_identity       | 1     | at least 2",
            "eval.val_every=-1                 | eval.val_every                 | -1    | at least 0",
            "augment.flip=1.5                  | augment.flip                   | 1.5   | probability",
            "pm.memory_size=0                  | pm.memory_size                 | 0     | at least 1",
            "pm.doppelganger_fraction=-0.5     | pm.doppelganger_fraction       | -0.5  | [0, 1]",
            "pfc.sample_rate=1.5               | pfc.sample_rate                | 1.5   | [0, 1]",
            "pfc.momentum=-0.1                 | pfc.momentum                   | -0.1  | [0, 1)",
            "dsoftmax.negatives=-1             | dsoftmax.negatives             | -1    | at least 0",
            "dsoftmax.intra_threshold=2        | dsoftmax.intra_threshold       | 2.0   | [-1, 1]",
            "dsoftmax.scale=0                  | dsoftmax.scale                 | 0.0   | above 0",
    })
    void aValueOutOfRangeIsRefusedNamingKeyValueAndRange(String override, String key, String value, String range) {
        Config cfg = Config.load("cpu", List.of(override));
        assertThatThrownBy(() -> JobConfig.resolve(cfg))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key)
                .hasMessageContaining("got " + value)
                .hasMessageContaining(range)
                .hasMessageNotContaining("Exception")
                .hasMessageNotContaining("org.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"train.steps=1", "train.threads=0", "train.checkpoint_every=0", "train.loader_workers=0",
            "batch.images_per_identity=1", "optim.momentum=0", "optim.clip_grad_norm=0", "schedule.warmup_steps=0",
            "pm.doppelganger_fraction=1", "pfc.sample_rate=0", "pfc.sample_rate=1", "eval.val_every=0", "eval.pairs=20"})
    void theEdgeOfEachRangeIsAccepted(String override) {
        assertThatCode(() -> JobConfig.resolve(Config.load("cpu", List.of(override)))).doesNotThrowAnyException();
    }
}
