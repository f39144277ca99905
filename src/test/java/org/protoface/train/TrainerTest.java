package org.protoface.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.testing.NormSoftmaxHead;
import org.protoface.testing.TestJob;
import org.protoface.torch.Device;
import org.protoface.testing.PatternFaces;
import org.protoface.testing.TinyEncoder;
import org.protoface.torch.Torch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainerTest {
    private static final int SIZE = 16, DIM = 16, IDS = 40;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static TestJob setup(Path out, long steps, int checkpointEvery, NormSoftmaxHead[] headOut) {
        return setup(out, steps, checkpointEvery, headOut, SIZE, 16);
    }

    private static TestJob setup(Path out, long steps, int checkpointEvery, NormSoftmaxHead[] headOut, int size, int batch) {
        Torch.manualSeed(3);
        TinyEncoder enc = new TinyEncoder(size, DIM);
        NormSoftmaxHead head = new NormSoftmaxHead(IDS, DIM);
        if (headOut != null) headOut[0] = head;
        OptimConfig optim = new OptimConfig("sgd", 0.05, 0.9, 5e-4, true, 5.0, 0.9, 0.999, 1e-8);
        ScheduleConfig sched = new ScheduleConfig(3, "poly", 1.0, 0.0, List.of(), 0.1);
        LoopConfig loop = new LoopConfig(steps, 11, 0, 2, 2, 1, checkpointEvery, 3);
        return new TestJob(new TrainSetup(enc, head, optim, sched, loop, out, GradientSync.LOCAL, Device.CPU),
                new PatternFaces(IDS, 6, size), new BatchConfig(batch, 2), AugmentConfig.flipOnly(0.5));
    }

    private static List<Double> losses(Path metrics) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode n = json.readTree(line);
            out.add(n.get("loss").asDouble());
        }
        return out;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    void resumedRunContinuesAsIfNeverInterrupted(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        setup(straight, 14, 0, null).run(false, quiet());
        List<Double> expected = losses(straight.resolve("metrics.jsonl"));
        assertThat(expected).hasSize(14);

        Path split = dir.resolve("split");
        TestJob firstJob = setup(split, 14, 0, null);
        Trainer first = firstJob.trainer();
        first.addStepHook(end -> {
            if (end.stepsDone() == 7) first.requestStop();
            return Map.of();
        });
        TrainResult partial = firstJob.run(first, false, quiet());
        assertThat(partial.interrupted()).isTrue();
        assertThat(partial.stepsDone()).isEqualTo(7);

        TrainResult rest = setup(split, 14, 0, null).run(true, quiet());
        assertThat(rest.stepsDone()).isEqualTo(14);
        List<Double> resumed = losses(split.resolve("metrics.jsonl"));
        assertThat(resumed).hasSize(14);
        for (int i = 0; i < 14; i++) {
            assertThat(resumed.get(i)).as("loss at step %d", i).isCloseTo(expected.get(i), within(1e-5 * Math.max(1, expected.get(i))));
        }
        // the run learns something: the loss goes down over the schedule
        assertThat(expected.get(13)).isLessThan(expected.get(0));
    }

    @Test
    void nativeMemoryStaysFlatOverHundredsOfSteps(@TempDir Path dir) throws Exception {
        // 32 images of 3 x 48 x 48 floats: each step's input tensor alone is 0.88 MB, so leaking the
        // per-step tensors would add over 200 MB across the 250 measured steps
        long[] warm = {0};
        long[] later = {0};
        // native objects JavaCPP still tracks (tensors, scalars, options): a step that leaves any
        // of them outside its PointerScope, still referenced, adds the same number every step
        long[] pointersAt = new long[450];
        TestJob job = setup(dir, 450, 0, null, 48, 32);
        Trainer t = job.trainer();
        t.addStepHook(end -> {
            long step = end.stepsDone() - 1;
            long rss = org.protoface.testing.ResidentMemory.bytes();
            if (step >= 100 && step < 200) warm[0] = Math.max(warm[0], rss);
            if (step >= 200) later[0] = Math.max(later[0], rss);
            pointersAt[(int) step] = org.bytedeco.javacpp.Pointer.totalCount();
            return Map.of();
        });
        job.run(t, false, quiet());
        assertThat(warm[0]).isPositive();
        assertThat(pointersAt[449] - pointersAt[200]).as("native objects still tracked, step 449 minus step 200").isLessThan(50);
        // allocator arenas and the JIT move RSS by a few tens of MB (measured here: 3-51 MB across
        // runs, the most inside the full suite); a leak of the inputs alone adds over 200 MB
        assertThat(later[0] - warm[0]).as("RSS growth after warm-up, bytes").isLessThan(100L << 20);
    }

    @Test
    void nanLossStopsWithClearMessageAndKeepsLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        NormSoftmaxHead[] head = new NormSoftmaxHead[1];
        TestJob s = setup(dir, 20, 4, head);
        head[0].failAt(9);
        Trainer t = s.trainer();
        assertThatThrownBy(() -> s.run(t, false, quiet()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("loss is NaN at step 9")
                .hasMessageContaining("step-000000008");
        Checkpointer.Loaded latest = t.checkpointer().loadLatest().orElseThrow();
        assertThat(latest.step()).isEqualTo(8);
        // the kept checkpoint resumes cleanly (no NaN inside it)
        TrainResult resumed = setup(dir, 12, 4, null).run(true, quiet());
        assertThat(resumed.stepsDone()).isEqualTo(12);
        assertThat(Double.isFinite(resumed.lastLoss())).isTrue();
    }
}
