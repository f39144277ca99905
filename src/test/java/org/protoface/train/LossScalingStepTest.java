package org.protoface.train;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.loader.Batch;
import org.protoface.data.loader.LoadedBatch;
import org.protoface.head.Head;
import org.protoface.head.HeadStep;
import org.protoface.testing.TinyEncoder;
import org.protoface.torch.Device;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fp16 step's skip-and-lower rule end to end on the CPU (libtorch's CPU autocast runs float16;
 * ProtoFace refuses fp16 on the CPU only because it is slow there, so the step itself can be
 * exercised here). The head's loss is the sum of the embeddings: each embedding gets gradient 1,
 * which times the initial scale 2^16 exceeds float16's largest value (65504) when it enters the
 * encoder's float16 output, so the first step overflows; the encoder's own float16 gradients
 * (sums over the batch) overflow at larger scales than that, so a few halvings follow before a step
 * is applied.
 */
class LossScalingStepTest {
    private static final int SIZE = 8, DIM = 4, B = 4;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** loss = sum of all embedding values: gradient exactly 1 per value, no parameters of its own. */
    private static final class SumHead implements Head {
        @Override
        public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
            return new HeadStep(embeddings.sum());
        }

        @Override
        public List<Tensor> optimizerParameters() {
            return List.of();
        }

        @Override
        public void afterOptimizerStep(long step, double learningRate) {}

        @Override
        public long stateBytes() {
            return 0;
        }

        @Override
        public void saveState(OutputArchive archive) {}

        @Override
        public void loadState(InputArchive archive) {}

        @Override
        public String describe() {
            return "sum";
        }
    }

    private static LoadedBatch batch(long step) {
        Random r = new Random(step);
        float[] images = new float[B * 3 * SIZE * SIZE];
        for (int i = 0; i < images.length; i++) images[i] = (float) r.nextGaussian();
        return new LoadedBatch(new Batch(step, new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 0, 0), images, SIZE, new long[0], 0, 0);
    }

    @Test
    void anOverflowingStepIsSkippedAndLowersTheScaleThenTheNextStepUpdates(@TempDir Path dir) {
        Torch.manualSeed(3);
        TinyEncoder encoder = new TinyEncoder(SIZE, DIM);
        OptimConfig optim = new OptimConfig("sgd", 0.01, 0.9, 0.0, true, 0.0, 0.9, 0.999, 1e-8);
        ScheduleConfig sched = new ScheduleConfig(0, "constant", 1.0, 0.0, List.of(), 0.1);
        LoopConfig loop = new LoopConfig(10, 1, 0, 0, 1, 1, 0, 1, "cpu", "fp16");
        TrainStep step = new TrainStep(new TrainSetup(encoder, new SumHead(), optim, sched, loop, dir, GradientSync.LOCAL, Device.CPU));
        float[] before = Tensors.floats(encoder.parameters().get(0));

        StepOutcome first = step.run(batch(0), 0, 0.01);
        assertThat(first.skipped()).isTrue();
        assertThat(first.telemetry().get("loss_scale")).isEqualTo(32768.0);
        assertThat(Double.isFinite(first.loss())).isTrue();
        assertThat(Tensors.floats(encoder.parameters().get(0))).as("weights after a skipped step").containsExactly(before);

        // every further overflow halves the scale again and leaves the weights alone, until the
        // gradients fit in float16 and the step is applied at that scale
        double scale = 32768.0;
        long s = 1;
        StepOutcome out = step.run(batch(s), s, 0.01);
        while (out.skipped()) {
            scale /= 2;
            assertThat(out.telemetry().get("loss_scale")).isEqualTo(scale);
            assertThat(Tensors.floats(encoder.parameters().get(0))).containsExactly(before);
            assertThat(s).as("steps until the gradients fit").isLessThan(20);
            s++;
            out = step.run(batch(s), s, 0.01);
        }
        assertThat(out.telemetry().get("loss_scale")).isEqualTo(scale);
        assertThat(Double.isFinite(out.gradNorm())).isTrue();
        assertThat(Tensors.floats(encoder.parameters().get(0))).as("weights after an applied step").isNotEqualTo(before);

        // the scale is part of the checkpoint: a resumed step continues from the lowered scale, not 2^16
        OutputArchive saved = new OutputArchive();
        step.save(saved);
        Path file = dir.resolve("step.pt");
        saved.save_to(file.toString());
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        TrainStep resumed = new TrainStep(new TrainSetup(encoder, new SumHead(), optim, sched, loop, dir, GradientSync.LOCAL, Device.CPU));
        resumed.load(in);
        StepOutcome next = resumed.run(batch(s + 1), s + 1, 0.01);
        // (a fresh scaler would report 2^16 or 2^15; the overflows above took it lower)
        assertThat(scale).isLessThan(32768.0);
        assertThat(next.telemetry().get("loss_scale")).isIn(scale, scale / 2);
    }
}
