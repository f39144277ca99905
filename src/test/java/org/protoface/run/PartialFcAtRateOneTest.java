package org.protoface.run;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.full.FullSoftmaxScorer;
import org.protoface.head.sampled.PartialFcScorer;
import org.protoface.testing.SmallRuns;
import org.protoface.torch.Torch;
import org.protoface.train.TrainResult;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Partial FC at r = 1 and the full softmax take identical steps", through the trainer: both use
 * SGD with momentum 0.9 and weight decay 5e-4 on the class weights (the shared optimizer for the
 * full matrix, {@code CentreSgd} for Partial FC's centres), neither clips the class weights, both
 * draw the initial weights from the same generator state, and Partial FC gathers its rows in
 * ascending class order, i.e. the full softmax's columns. So after 20 steps every encoder tensor,
 * every class weight and its momentum are bit-identical, and so is the loss of every step: no
 * tolerance. (With the batch's classes gathered first, the float32 sums ran in another order and the
 * parameters drifted apart: about 1e-8 after one step.)
 */
class PartialFcAtRateOneTest {
    private static final int STEPS = 20, IDENTITIES = 24, DIM = 16;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void partialFcAtRateOneTrainsBitForBitLikeTheFullSoftmax(@TempDir Path dir) throws Exception {
        String[] common = {"train.steps=" + STEPS, "optim.type=sgd", "optim.momentum=0.9", "optim.weight_decay=5e-4",
                "pfc.momentum=0.9", "pfc.weight_decay=5e-4", "margin.type=cosface"};
        TrainingRun full = SmallRuns.build(dir.resolve("full"), concat(common, "head=full"));
        TrainResult fullResult = SmallRuns.train(full, RunFolder.Mode.NEW).training();
        TrainingRun pfc = SmallRuns.build(dir.resolve("pfc"), concat(common, "head=pfc", "pfc.sample_rate=1.0"));
        SmallRuns.train(pfc, RunFolder.Mode.NEW);

        assertThat(SmallRuns.losses(pfc.out())).as("losses by step").hasSize(STEPS)
                .containsExactlyEntriesOf(SmallRuns.losses(full.out()));
        Map<String, long[]> fullEncoder = SmallRuns.tensors(full.setup().encoder());
        Map<String, long[]> pfcEncoder = SmallRuns.tensors(pfc.setup().encoder());
        assertThat(pfcEncoder.keySet()).isEqualTo(fullEncoder.keySet());
        for (String k : fullEncoder.keySet()) {
            assertThat(Arrays.equals(pfcEncoder.get(k), fullEncoder.get(k))).as("encoder %s bit-identical", k).isTrue();
        }

        FullSoftmaxScorer fullScorer = (FullSoftmaxScorer) ((MarginSoftmaxHead) full.setup().head()).scorer();
        PartialFcScorer pfcScorer = (PartialFcScorer) ((MarginSoftmaxHead) pfc.setup().head()).scorer();
        Tensor weight = fullScorer.weight();
        assertThat(SmallRuns.bits(pfcScorer.copyOfCentres())).as("class weights after %d steps", STEPS)
                .isEqualTo(SmallRuns.bits(weight));
        // the full matrix's SGD momentum (the only N x d state of the full run's optimizer) against Partial FC's
        long[] fullMomentum = momentumOfTheWeightBits(fullResult);
        assertThat(SmallRuns.bits(pfcScorer.copyOfMomentum())).as("momentum of the class weights").isEqualTo(fullMomentum);
        // the weights moved: the equality is not that of two untouched initialisations
        long moving = Arrays.stream(fullMomentum, 3, fullMomentum.length).filter(b -> Float.intBitsToFloat((int) b) != 0).count();
        assertThat(moving).as("non-zero momentum entries").isGreaterThan(IDENTITIES * DIM / 2);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The momentum buffer of the N x d weight in the full run's final checkpoint, as bits (shape first). */
    private static long[] momentumOfTheWeightBits(TrainResult result) {
        // the run's full softmax keeps its rows' momentum with them (the class file), no longer in the shared optimizer
        List<long[]> matrices = SmallRuns.checkpointContent(result.lastCheckpoint()).entrySet().stream()
                .filter(e -> e.getKey().contains("momentum")).flatMap(e -> e.getValue().stream())
                .filter(b -> b[0] == 2 && b[1] == IDENTITIES && b[2] == DIM).toList();
        assertThat(matrices).as("optimizer buffers of shape %d x %d", IDENTITIES, DIM).hasSize(1);
        return matrices.get(0);
    }
}
