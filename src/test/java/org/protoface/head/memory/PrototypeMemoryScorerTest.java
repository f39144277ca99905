package org.protoface.head.memory;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.head.Scores;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.zeros;

class PrototypeMemoryScorerTest {
    private static final double S = 30, M = 0.35, SMALL_SCALE = 2;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static PrototypeMemoryConfig config(int memorySize) {
        return PrototypeMemoryConfig.defaults().withMemorySize(memorySize);
    }

    private static Tensor tensor(double[][] x) {
        return Tensors.of(PlainMath.flatten(x), x.length, x[0].length);
    }

    /** One training step without an optimizer: score, then let the scorer update its memory. */
    private static Scores step(PrototypeMemoryScorer scorer, double[][] x, long[] labels, long step) {
        Scores s = scorer.score(tensor(x), Tensors.ofLongs(labels), step);
        scorer.afterOptimizerStep(step, 0.1);
        return s;
    }

    /** CosFace written here, independently of the project's margins: s * (cos - m at the target), then CE. */
    private static Tensor cosFaceLoss(Scores scores) {
        return cosFaceLoss(scores, S);
    }

    private static Tensor cosFaceLoss(Scores scores, double scale) {
        long[] shape = Tensors.shape(scores.cosines());
        Tensor column = scores.targets().unsqueeze(1);
        Tensor oneHot = zeros(shape[0], shape[1]).scatter(1, column, new Scalar(1.0));
        Tensor logits = scores.cosines().sub(oneHot.mul(new Scalar(M))).mul(new Scalar(scale));
        return logits.log_softmax(1).gather(1, column).neg().mean();
    }

    private static double[][] cosines(Scores s) {
        long[] shape = Tensors.shape(s.cosines());
        float[] f = Tensors.floats(s.cosines());
        double[][] out = new double[(int) shape[0]][(int) shape[1]];
        for (int i = 0; i < out.length; i++) for (int j = 0; j < out[0].length; j++) out[i][j] = f[(int) (i * shape[1] + j)];
        return out;
    }

    // ---- the hand-built case: memory {7, 9} from step 0, batch {3, 7, 5} at step 1 ----

    private static final double[][] FIRST = PlainMath.asFloat(new double[][] {{1.0, 0.2, 0.0}, {0.1, 0.3, 1.0}});
    private static final long[] FIRST_LABELS = {7, 9};
    private static final double[][] SECOND = PlainMath.asFloat(new double[][] {
            {0.9, -0.2, 0.4}, {1.2, 0.1, 0.3}, {0.8, 0.5, -0.1}, {-0.3, 1.0, 0.2}, {-0.1, 0.7, 0.6}, {0.6, 0.6, 0.0}});
    private static final long[] SECOND_LABELS = {3, 3, 7, 5, 5, 7};

    @Test
    void handBuiltCaseMatchesAPlainJavaComputation() {
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(8), 3);
        step(scorer, FIRST, FIRST_LABELS, 0);
        Scores scores = scorer.score(tensor(SECOND), Tensors.ofLongs(SECOND_LABELS), 1);

        double[] w = PlainMath.ones(6);
        double[][] columns = {
                PlainMath.normalize(PlainMath.weightedMean(SECOND, w, 0, 1)), // class 3, fresh
                PlainMath.normalize(PlainMath.weightedMean(SECOND, w, 2, 5)), // class 7, fresh (replaces memory)
                PlainMath.normalize(PlainMath.weightedMean(SECOND, w, 3, 4)), // class 5, fresh
                PlainMath.normalize(FIRST[1])};                                // class 9, memory
        int[] targets = {0, 0, 1, 2, 2, 1};
        double[][] expected = new double[6][4];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) expected[i][j] = Math.max(-1, Math.min(1, PlainMath.dot(PlainMath.normalize(SECOND[i]), columns[j])));
        }

        double[][] actual = cosines(scores);
        for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++) assertThat(actual[i][j]).as("cos[%d][%d]", i, j).isCloseTo(expected[i][j], within(1e-6));
        assertThat(Tensors.longs(scores.targets())).containsExactly(0, 0, 1, 2, 2, 1);
        assertThat(Tensors.item(cosFaceLoss(scores))).isCloseTo(PlainMath.cosFaceLoss(expected, targets, S, M), within(1e-4));

        Map<String, Double> t = scorer.telemetry();
        assertThat(t).containsEntry("neg_count", 1.0).containsEntry("neg_age_mean", 1.0).containsEntry("neg_age_median", 1.0)
                .containsEntry("neg_age_p99", 1.0).containsEntry("neg_age_max", 1.0)
                .containsEntry("refreshed", 1.0).containsEntry("inserted", 2.0).containsEntry("evicted", 0.0)
                .containsEntry("expired", 0.0).containsEntry("memory_fill", 4 / 8.0).containsEntry("batch_classes", 3.0);
        assertThat(t.get("proto_drift_cos")).isCloseTo(PlainMath.dot(PlainMath.normalize(FIRST[0]), columns[1]), within(1e-6));

        scorer.afterOptimizerStep(1, 0.1);
        PrototypeMemory memory = scorer.memory();
        long[] order = java.util.Arrays.stream(memory.slotsOldestFirst()).mapToLong(memory::label).toArray();
        assertThat(order).containsExactly(9, 7, 3, 5); // refreshed 7 first, then the new classes
        int slot7 = memory.slotOf(7);
        assertThat(memory.writeStep(slot7)).isEqualTo(1);
        float[] stored = memory.prototype(slot7);
        for (int j = 0; j < 3; j++) assertThat((double) stored[j]).isCloseTo(columns[1][j], within(1e-6));
        assertThat(memory.prototypes().requires_grad()).isFalse();
        assertThat(scorer.telemetry()).containsEntry("refreshed", 1.0).containsEntry("inserted", 2.0).containsEntry("memory_fill", 0.5);
    }

    @Test
    void firstStepHasOnlyFreshPrototypesAndNoAgeOrDriftTelemetry() {
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(8), 3);
        Scores s = scorer.score(tensor(FIRST), Tensors.ofLongs(FIRST_LABELS), 0);
        assertThat(Tensors.shape(s.cosines())).containsExactly(2, 2);
        assertThat(scorer.telemetry()).containsEntry("neg_count", 0.0)
                .doesNotContainKeys("neg_age_mean", "neg_age_median", "neg_age_p99", "neg_age_max", "proto_drift_cos");
    }

    // ---- gradient through the prototypes ----

    /**
     * A loss of sample 0 only (class 0): its negative cosine minus its positive cosine (linear,
     * so it cannot saturate). Sample 2 (class 1) enters it only through the fresh prototype of
     * class 1, the negative column for sample 0.
     */
    private static float[] gradientOfSampleLoss(boolean gradThroughPrototypes) {
        Random rnd = new Random(3);
        double[][] x = new double[4][5];
        for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] = rnd.nextGaussian();
        Tensor embeddings = tensor(x).set_requires_grad(true);
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(16).withGradThroughPrototypes(gradThroughPrototypes), 5);
        Scores scores = scorer.score(embeddings, Tensors.ofLongs(0, 0, 1, 1), 0);
        Tensor row = scores.cosines().narrow(0, 0, 1);
        row.narrow(1, 1, 1).sub(row.narrow(1, 0, 1)).sum().backward();
        return Tensors.floats(embeddings.grad());
    }

    private static double rowNorm(float[] g, int row, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) s += g[row * d + j] * g[row * d + j];
        return Math.sqrt(s);
    }

    @Test
    void gradientReachesOtherSamplesThroughTheirPrototypesOnlyWhenEnabled() {
        float[] on = gradientOfSampleLoss(true);
        assertThat(rowNorm(on, 0, 5)).isGreaterThan(1e-4);
        assertThat(rowNorm(on, 1, 5)).as("same-class sample via the positive prototype").isGreaterThan(1e-4);
        assertThat(rowNorm(on, 2, 5)).as("other-class sample via the negative prototype").isGreaterThan(1e-4);
        assertThat(rowNorm(on, 3, 5)).isGreaterThan(1e-4);

        float[] off = gradientOfSampleLoss(false);
        assertThat(rowNorm(off, 0, 5)).isGreaterThan(1e-4);
        assertThat(rowNorm(off, 1, 5)).isZero();
        assertThat(rowNorm(off, 2, 5)).isZero();
        assertThat(rowNorm(off, 3, 5)).isZero();
    }

    @Test
    void gradientThroughPrototypesMatchesFiniteDifferences() {
        // d(loss of sample 0)/d x_2 via the class-1 prototype, checked numerically in double arithmetic.
        Random rnd = new Random(5);
        double[][] x = new double[4][3];
        for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] = rnd.nextGaussian();
        x = PlainMath.asFloat(x);
        Tensor embeddings = tensor(x).set_requires_grad(true);
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(16), 3);
        Scores scores = scorer.score(embeddings, Tensors.ofLongs(0, 0, 1, 1), 0);
        // a small scale keeps the softmax away from saturation, so the gradient is far from zero
        cosFaceLoss(new Scores(scores.cosines().narrow(0, 0, 1), scores.targets().narrow(0, 0, 1)), SMALL_SCALE).backward();
        float[] grad = Tensors.floats(embeddings.grad());

        double h = 1e-5;
        double largest = 0;
        for (int j = 0; j < 3; j++) {
            double[][] plus = copy(x), minus = copy(x);
            plus[2][j] += h;
            minus[2][j] -= h;
            double numeric = (sampleZeroLoss(plus) - sampleZeroLoss(minus)) / (2 * h);
            assertThat((double) grad[2 * 3 + j]).isCloseTo(numeric, within(1e-4));
            largest = Math.max(largest, Math.abs(numeric));
        }
        assertThat(largest).isGreaterThan(1e-2);
    }

    private static double sampleZeroLoss(double[][] x) {
        double[] w = PlainMath.ones(4);
        double[] p0 = PlainMath.normalize(PlainMath.weightedMean(x, w, 0, 1));
        double[] p1 = PlainMath.normalize(PlainMath.weightedMean(x, w, 2, 3));
        double[] xn = PlainMath.normalize(x[0]);
        return PlainMath.cosFaceLoss(new double[][] {{PlainMath.dot(xn, p0), PlainMath.dot(xn, p1)}}, new int[] {0}, SMALL_SCALE, M);
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }

    // ---- leave-one-out ----

    @Test
    void leaveOneOutScoresEachSampleAgainstItsClassWithoutItself() {
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(8).withLeaveOneOut(true), 3);
        double[][] first = PlainMath.asFloat(new double[][] {{0.2, -0.4, 1.0}});
        step(scorer, first, new long[] {5}, 0); // memory knows class 5, not class 7
        double[][] x = PlainMath.asFloat(new double[][] {
                {1.0, 0.1, 0.2}, {0.7, 0.6, -0.2}, {0.9, -0.3, 0.4}, {-0.2, 1.0, 0.3}, {0.1, -0.5, 0.9}});
        Scores scores = scorer.score(tensor(x), Tensors.ofLongs(3, 3, 3, 7, 5), 1);

        double[] w = PlainMath.ones(5);
        double[][] columns = {
                PlainMath.normalize(PlainMath.weightedMean(x, w, 0, 1, 2)),
                PlainMath.normalize(x[3]),
                PlainMath.normalize(x[4])};
        double[][] expected = new double[5][3];
        for (int i = 0; i < 5; i++) for (int j = 0; j < 3; j++) expected[i][j] = PlainMath.dot(PlainMath.normalize(x[i]), columns[j]);
        expected[0][0] = PlainMath.dot(PlainMath.normalize(x[0]), PlainMath.normalize(PlainMath.weightedMean(x, w, 1, 2)));
        expected[1][0] = PlainMath.dot(PlainMath.normalize(x[1]), PlainMath.normalize(PlainMath.weightedMean(x, w, 0, 2)));
        expected[2][0] = PlainMath.dot(PlainMath.normalize(x[2]), PlainMath.normalize(PlainMath.weightedMean(x, w, 0, 1)));
        expected[3][1] = 1.0; // class 7: single image, nothing in memory -> LOO skipped, own prototype
        expected[4][2] = PlainMath.dot(PlainMath.normalize(x[4]), PlainMath.normalize(first[0])); // class 5: memory fallback

        double[][] actual = cosines(scores);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 3; j++) assertThat(actual[i][j]).as("cos[%d][%d]", i, j).isCloseTo(expected[i][j], within(1e-6));
        assertThat(scorer.telemetry()).containsEntry("loo_from_memory", 1.0).containsEntry("loo_skipped", 1.0);
        // the memory still receives the full prototypes
        scorer.afterOptimizerStep(1, 0.1);
        float[] stored3 = scorer.memory().prototype(scorer.memory().slotOf(3));
        for (int j = 0; j < 3; j++) assertThat((double) stored3[j]).isCloseTo(columns[0][j], within(1e-6));
    }

    // ---- age limit ----

    @Test
    void prototypesPastTheAgeLimitAreLeftOutAndFreed() {
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(8).withMaxAge(2), 3);
        step(scorer, new double[][] {{1, 0, 0}}, new long[] {9}, 0);
        step(scorer, new double[][] {{0, 1, 0}}, new long[] {1}, 2);
        assertThat(scorer.memory().slotOf(9)).isGreaterThanOrEqualTo(0); // age 2 at step 2: still used

        Scores s = scorer.score(tensor(new double[][] {{0, 0, 1}}), Tensors.ofLongs(2), 3);
        assertThat(Tensors.shape(s.cosines())).containsExactly(1, 2); // own class + class 1; 9 (age 3) is out
        assertThat(scorer.telemetry()).containsEntry("neg_count", 1.0).containsEntry("neg_age_max", 1.0).containsEntry("expired", 1.0);
        scorer.afterOptimizerStep(3, 0.1);
        assertThat(scorer.memory().slotOf(9)).isEqualTo(-1);
        assertThat(scorer.memory().size()).isEqualTo(2);
        assertThat(scorer.telemetry()).containsEntry("expired", 1.0).containsEntry("memory_fill", 2 / 8.0);
    }

    // ---- doppelganger mining ----

    @Test
    void doppelgangersAreTheClosestOtherColumnsByMeanCosine() {
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(8).withDoppelgangers(0.25, 2, 100), 3);
        step(scorer, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new long[] {10, 11, 12}, 0);
        double[][] x = PlainMath.asFloat(new double[][] {{1, 0.3, 0}, {1, 0.2, 0.05}, {0.05, 0, 1}, {0, 0.1, 1}});
        scorer.score(tensor(x), Tensors.ofLongs(20, 20, 21, 21), 1);
        assertThat(scorer.doppelgangers().lookalikes(20)).as("state changes only after the optimizer step").isEmpty();
        scorer.afterOptimizerStep(1, 0.1);

        // columns: 20, 21 (fresh), 10, 11, 12 (memory); mean cosine per class, own column excluded
        double[] w = PlainMath.ones(4);
        double[][] columns = {
                PlainMath.normalize(PlainMath.weightedMean(x, w, 0, 1)), PlainMath.normalize(PlainMath.weightedMean(x, w, 2, 3)),
                {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        long[] columnLabels = {20, 21, 10, 11, 12};
        assertThat(scorer.doppelgangers().lookalikes(20)).containsExactly(toInts(expectedTop2(x, new int[] {0, 1}, 0, columns, columnLabels)));
        assertThat(scorer.doppelgangers().lookalikes(21)).containsExactly(toInts(expectedTop2(x, new int[] {2, 3}, 1, columns, columnLabels)));
        assertThat(scorer.doppelgangers().lookalikes(20)[0]).isEqualTo(10);
        assertThat(scorer.doppelgangers().lookalikes(21)[0]).isEqualTo(12);
    }

    private static long[] expectedTop2(double[][] x, int[] rows, int own, double[][] columns, long[] labels) {
        Integer[] idx = new Integer[columns.length];
        double[] mean = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            idx[j] = j;
            for (int r : rows) mean[j] += PlainMath.dot(PlainMath.normalize(x[r]), columns[j]) / rows.length;
        }
        mean[own] = Double.NEGATIVE_INFINITY;
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(mean[b], mean[a]));
        return new long[] {labels[idx[0]], labels[idx[1]]};
    }

    private static int[] toInts(long[] v) {
        return java.util.Arrays.stream(v).mapToInt(l -> (int) l).toArray();
    }

    // ---- checkpoint ----

    @Test
    void checkpointRoundTripRestoresMemoryAndLookalikesBitForBit(@TempDir Path dir) {
        PrototypeMemoryConfig cfg = config(6).withMaxAge(5).withDoppelgangers(0.5, 2, 5);
        PrototypeMemoryScorer original = new PrototypeMemoryScorer(cfg, 4);
        Random rnd = new Random(17);
        for (long t = 0; t < 12; t++) step(original, randomBatch(rnd), randomLabels(rnd), t);

        Path file = dir.resolve("scorer.pt");
        OutputArchive out = new OutputArchive();
        original.saveState(out);
        out.save_to(file.toString());
        PrototypeMemoryScorer restored = new PrototypeMemoryScorer(cfg, 4);
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        restored.loadState(in, "test");

        assertSameState(original, restored);
        for (long t = 12; t < 20; t++) {
            double[][] x = randomBatch(rnd);
            long[] labels = randomLabels(rnd);
            float[] a = Tensors.floats(step(original, x, labels, t).cosines());
            float[] b = Tensors.floats(step(restored, x, labels, t).cosines());
            assertThat(bits(b)).containsExactly(bits(a));
            assertSameState(original, restored);
        }
        assertThat(restored.doppelgangers().groups(3, new java.util.SplittableRandom(1)))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(original.doppelgangers().groups(3, new java.util.SplittableRandom(1)));
    }

    private static double[][] randomBatch(Random rnd) {
        double[][] x = new double[6][4];
        for (double[] row : x) for (int j = 0; j < 4; j++) row[j] = rnd.nextGaussian();
        return PlainMath.asFloat(x);
    }

    /** 3 identities x 2 images out of 12. */
    private static long[] randomLabels(Random rnd) {
        long[] ids = PrototypeMemoryTest.randomDistinctLabels(rnd, 3, 12);
        return new long[] {ids[0], ids[0], ids[1], ids[1], ids[2], ids[2]};
    }

    private static int[] bits(float[] f) {
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Float.floatToRawIntBits(f[i]);
        return out;
    }

    private static void assertSameState(PrototypeMemoryScorer a, PrototypeMemoryScorer b) {
        PrototypeMemory ma = a.memory(), mb = b.memory();
        assertThat(bits(Tensors.floats(mb.prototypes()))).containsExactly(bits(Tensors.floats(ma.prototypes())));
        for (int slot = 0; slot < ma.capacity(); slot++) {
            assertThat(mb.label(slot)).isEqualTo(ma.label(slot));
            assertThat(mb.writeStep(slot)).isEqualTo(ma.writeStep(slot));
        }
        assertThat(mb.slotsOldestFirst()).containsExactly(ma.slotsOldestFirst());
        assertThat(b.doppelgangers().size()).isEqualTo(a.doppelgangers().size());
        for (int id = 0; id < 12; id++) assertThat(b.doppelgangers().lookalikes(id)).containsExactly(a.doppelgangers().lookalikes(id));
    }

    // ---- size independence ----

    @Test
    void stateBytesDoNotDependOnTheNumberOfIdentities() {
        PrototypeMemoryConfig cfg = config(64).withDoppelgangers(0.25, 3, 500);
        PrototypeMemoryScorer small = new PrototypeMemoryScorer(cfg, 8);
        PrototypeMemoryScorer huge = new PrototypeMemoryScorer(cfg, 8);
        long before = small.stateBytes();
        assertThat(huge.stateBytes()).isEqualTo(before);
        Random rnd = new Random(9);
        for (long t = 0; t < 30; t++) {
            double[][] x = new double[8][8];
            for (double[] row : x) for (int j = 0; j < 8; j++) row[j] = rnd.nextGaussian();
            long[] fewIds = PrototypeMemoryTest.randomDistinctLabels(rnd, 4, 1_000);
            long[] manyIds = PrototypeMemoryTest.randomDistinctLabels(rnd, 4, 10_000_000);
            step(small, x, new long[] {fewIds[0], fewIds[0], fewIds[1], fewIds[1], fewIds[2], fewIds[2], fewIds[3], fewIds[3]}, t);
            step(huge, x, new long[] {manyIds[0], manyIds[0], manyIds[1], manyIds[1], manyIds[2], manyIds[2], manyIds[3], manyIds[3]}, t);
        }
        // memory and lookalike index, both counted at capacity: the same figure before and after,
        // whatever the identities (their per-slot and per-entry bytes are measured in PrototypeMemoryFootprintTest)
        assertThat(small.stateBytes()).isEqualTo(before);
        assertThat(huge.stateBytes()).isEqualTo(before);
        assertThat(before).isEqualTo(new PrototypeMemory(64, 8, 0).stateBytes() + new DoppelgangerIndex(500, 3).stateBytes());
    }

    // ---- description and bad input ----

    @Test
    void describesItsSettings() {
        assertThat(new PrototypeMemoryScorer(PrototypeMemoryConfig.defaults(), 128).describe())
                .isEqualTo("prototype memory M=1024 d=128 (grad on, loo off, qa off)");
        assertThat(new PrototypeMemoryScorer(config(4096).withLeaveOneOut(true).withQualityWeights(true).withMaxAge(500)
                .withGradThroughPrototypes(false).withDoppelgangers(0.25, 3, 1000), 512).describe())
                .isEqualTo("prototype memory M=4096 d=512 (grad off, loo on, qa on, max age 500, doppelgangers 0.25 x3)");
        assertThat(new PrototypeMemoryScorer(config(8), 3).optimizerParameters()).isEmpty();
    }

    @Test
    void rejectsBadBatchesWithClearMessages() {
        PrototypeMemoryScorer scorer = new PrototypeMemoryScorer(config(8), 3);
        assertThatThrownBy(() -> scorer.score(tensor(new double[][] {{1, 0}}), Tensors.ofLongs(1), 0))
                .hasMessageContaining("B x 3").hasMessageContaining("[1, 2]");
        assertThatThrownBy(() -> scorer.score(tensor(new double[][] {{1, 0, 0}, {0, 0, 0}}), Tensors.ofLongs(1, 5), 0))
                .hasMessageContaining("embedding row 1 (label 5) has norm 0.0");
        assertThatThrownBy(() -> scorer.score(tensor(new double[][] {{1, 0, 0}}), Tensors.ofLongs(1, 2), 0))
                .hasMessageContaining("2 labels for 1 embeddings");
        assertThatThrownBy(() -> scorer.score(tensor(new double[][] {{1, 0, 0}}), Tensors.ofLongs(-1), 0))
                .hasMessageContaining("label of sample 0 is -1");
    }
}
