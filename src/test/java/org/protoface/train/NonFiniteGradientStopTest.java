package org.protoface.train;

import org.bytedeco.pytorch.Module;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.run.TrainingRun;
import org.protoface.testing.GradientPoisoningHead;
import org.protoface.testing.SmallRuns;
import org.protoface.testing.TestJob;
import org.protoface.torch.Torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stop on a non-finite gradient with a finite loss, through the trainer: the real encoder and
 * full softmax head of a small run, wrapped so that the loss of step index 8 (the ninth step) gains
 * a term that is 0 but has a NaN gradient. The run must stop with {@link TrainingDivergedException}
 * naming the step and the last good checkpoint (8 steps done, written just before; checkpoints
 * every 4 steps), leave that checkpoint exactly as
 * it was written, write none after it, and apply no optimizer step: the live parameters are those
 * of the checkpoint.
 */
class NonFiniteGradientStopTest {
    private static final long BAD_STEP = 8;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @ParameterizedTest
    @EnumSource(GradientPoisoningHead.Target.class)
    void aNanGradientStopsBeforeTheOptimizerStepAndKeepsTheLastGoodCheckpoint(GradientPoisoningHead.Target target,
                                                                              @TempDir Path dir) throws Exception {
        TrainingRun built = SmallRuns.build(dir, "head=full", "train.steps=20", "train.checkpoint_every=4",
                "train.keep_checkpoints=2");
        TrainSetup real = built.setup();
        GradientPoisoningHead head = new GradientPoisoningHead(real.head(), target, BAD_STEP);
        TrainSetup setup = new TrainSetup(real.encoder(), head, real.optim(), real.schedule(), real.loop(), real.outDir(),
                real.sync(), real.device());
        TestJob job = new TestJob(setup, built.data(), built.config().get(BatchConfig.SECTION),
                built.config().get(AugmentConfig.SECTION));
        Trainer trainer = job.trainer();
        Path good = dir.resolve("checkpoints").resolve("step-000000008");
        Map<String, List<long[]>>[] asWritten = new Map[1];
        trainer.addStepHook(end -> {
            if (end.stepsDone() == BAD_STEP) asWritten[0] = SmallRuns.checkpointContent(good);
            return Map.of();
        });

        String what = target == GradientPoisoningHead.Target.EMBEDDINGS ? "encoder gradient norm is NaN" : "head gradient norm is NaN";
        assertThatThrownBy(() -> job.run(trainer, false, SmallRuns.quiet()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining(what + " at step " + BAD_STEP)
                .hasMessageContaining("before the optimizer step")
                .hasMessageContaining("Last good checkpoint: " + good);

        try (Stream<Path> files = Files.list(dir.resolve("checkpoints"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("step-000000004", "step-000000008");
        }
        Map<String, List<long[]>> onDisk = SmallRuns.checkpointContent(good);
        assertThat(onDisk.keySet()).isEqualTo(asWritten[0].keySet());
        for (String k : onDisk.keySet()) {
            assertThat(onDisk.get(k)).as("checkpoint entry %s", k).hasSameSizeAs(asWritten[0].get(k));
            for (int i = 0; i < onDisk.get(k).size(); i++) {
                assertThat(Arrays.equals(onDisk.get(k).get(i), asWritten[0].get(k).get(i))).as("checkpoint entry %s", k).isTrue();
            }
        }
        // no optimizer step after the checkpoint: every parameter is still the checkpoint's (the
        // forward of the bad step did move BatchNorm's running statistics, which are buffers)
        // a step folder: the encoder in train.pt, the full softmax's rows (its whole state) in its class file
        assertLiveParametersEqualCheckpoint(real.encoder(), onDisk, "train.pt/encoder/");
        String headPrefix = onDisk.keySet().stream().filter(k -> k.startsWith("classes-")).map(k -> k.substring(0, k.indexOf('/') + 1))
                .findFirst().orElse("train.pt/head/");
        assertLiveParametersEqualCheckpoint((Module) real.head(), onDisk, headPrefix);
    }

    private static void assertLiveParametersEqualCheckpoint(Module module, Map<String, List<long[]>> checkpoint, String prefix) {
        Map<String, long[]> live = SmallRuns.tensors(module);
        int compared = 0;
        for (Map.Entry<String, long[]> e : live.entrySet()) {
            if (!e.getKey().startsWith("param ")) continue;
            String key = prefix + e.getKey().substring("param ".length()).replace('.', '/');
            assertThat(checkpoint).as("checkpoint has %s", key).containsKey(key);
            assertThat(Arrays.equals(checkpoint.get(key).get(0), e.getValue())).as("%s unchanged since the checkpoint", key).isTrue();
            compared++;
        }
        assertThat(compared).isPositive();
    }
}
