package org.protoface.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.infer.TorchEncoderModel;
import org.protoface.testing.NormSoftmaxHead;
import org.protoface.testing.TestJob;
import org.protoface.torch.Device;
import org.protoface.train.BatchConfig;
import org.protoface.train.GradientSync;
import org.protoface.train.LoopConfig;
import org.protoface.train.OptimConfig;
import org.protoface.train.ScheduleConfig;
import org.protoface.train.TrainResult;
import org.protoface.train.TrainSetup;
import org.protoface.train.Trainer;
import org.protoface.testing.PatternFaces;
import org.protoface.testing.PatternPairs;
import org.protoface.testing.TinyEncoder;
import org.protoface.torch.Torch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicValidationTest {
    private static final int SIZE = 16, DIM = 16, IDS = 24;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** Accuracy of a standalone evaluation after each validated step. */
    private static final Map<Long, Double> standalone = new HashMap<>();

    private static TrainResult train(Path out, long steps, long valEvery) throws Exception {
        Torch.manualSeed(3);
        TinyEncoder enc = new TinyEncoder(SIZE, DIM);
        OptimConfig optim = new OptimConfig("sgd", 0.05, 0.9, 5e-4, true, 5.0, 0.9, 0.999, 1e-8);
        ScheduleConfig sched = new ScheduleConfig(2, "poly", 1.0, 0.0, List.of(), 0.1);
        LoopConfig loop = new LoopConfig(steps, 11, 0, 2, 2, 1, 0, 2);
        TestJob job = new TestJob(new TrainSetup(enc, new NormSoftmaxHead(IDS, DIM), optim, sched, loop, out, GradientSync.LOCAL,
                Device.CPU), new PatternFaces(IDS, 4, SIZE), new BatchConfig(8, 2), AugmentConfig.flipOnly(0.5));
        Trainer t = job.trainer();
        if (valEvery >= 0) {
            PatternPairs pairs = PatternPairs.identicalGenuine("pp", 20, SIZE);
            t.addStepHook(new PeriodicValidation(enc, List.of(pairs), valEvery, true));
            // the same encoder evaluated on its own right after, as `protoface eval --bin` would
            t.addStepHook(end -> {
                if (end.last() || (valEvery > 0 && end.stepsDone() % valEvery == 0)) {
                    standalone.put(end.stepsDone(),
                            PairSetEvaluation.evaluate(new TorchEncoderModel(enc, "test"), pairs, true).verification().meanAccuracy());
                }
                return Map.of();
            });
        }
        return job.run(t, false, new PrintStream(new ByteArrayOutputStream()));
    }

    private static List<JsonNode> lines(Path out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("metrics.jsonl"))) nodes.add(new ObjectMapper().readTree(l));
        return nodes;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    void validatesEveryNStepsWithoutDisturbingTraining(@TempDir Path dir) throws Exception {
        train(dir.resolve("plain"), 6, -1);
        train(dir.resolve("val"), 6, 2);

        List<Double> plainLoss = new ArrayList<>(), valLoss = new ArrayList<>();
        for (JsonNode n : lines(dir.resolve("plain"))) plainLoss.add(n.get("loss").asDouble());
        List<Long> valSteps = new ArrayList<>();
        for (JsonNode n : lines(dir.resolve("val"))) {
            if (n.has("loss")) {
                valLoss.add(n.get("loss").asDouble());
                assertThat(n.has("val_pp_accuracy")).isFalse();
                continue;
            }
            valSteps.add(n.get("step").asLong());
            // genuine pairs show one image twice: they score 1, above every impostor, whatever the
            // encoder has learnt, so the ranking is perfect (see PatternPairs.identicalGenuine)
            assertThat(n.get("val_pp_auc").asDouble()).isEqualTo(1.0);
            // and the accuracy is that of the encoder at this step, in evaluation mode
            assertThat(n.get("val_pp_accuracy").asDouble()).isEqualTo(standalone.get(n.get("step").asLong()));
            assertThat(n.has("val_pp_accuracy_std")).isTrue();
            assertThat(n.has("val_pp_tar_at_far_1e-3")).as("10 impostors cannot resolve 1e-3").isFalse();
        }
        assertThat(valSteps).containsExactly(2L, 4L, 6L);
        // evaluation mode and no RNG use: the run with validation trains exactly like the one without
        assertThat(valLoss).containsExactlyElementsOf(plainLoss);
    }

    @Test
    void everyZeroValidatesOnlyAfterTheLastStep(@TempDir Path dir) throws Exception {
        train(dir, 5, 0);
        assertThat(lines(dir).stream().filter(n -> n.has("val_pp_accuracy")).map(n -> n.get("step").asLong()).toList())
                .containsExactly(5L);
    }
}
