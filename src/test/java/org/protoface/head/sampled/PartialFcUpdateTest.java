package org.protoface.head.sampled;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.head.Scores;
import org.protoface.torch.Torch;
import org.protoface.torch.Tensors;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.cross_entropy;
import static org.bytedeco.pytorch.global.torch.gather;

/** What a step does to the centres, their momentum, ages and checkpoints. */
class PartialFcUpdateTest {

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** Scaled softmax cross-entropy, written here so the tests do not depend on the head package's losses. */
    private static Tensor testLoss(Scores scores) {
        return cross_entropy(scores.cosines().mul(new Scalar(16.0)), scores.targets());
    }

    private static void trainStep(PartialFcScorer scorer, long step, int batch, int dim, double lr) {
        Tensor emb = TestData.embeddings(TestData.gaussian(batch * dim, 100 + step), batch, dim);
        long[] labels = TestData.labels(batch, scorer.numClasses(), 200 + step);
        testLoss(scorer.score(emb, Tensors.ofLongs(labels), step)).backward();
        scorer.afterOptimizerStep(step, lr);
    }

    @Test
    void rowsThatWereNotSampledAreBitIdentical() {
        int n = 200, d = 8, b = 10;
        PartialFcScorer scorer = new PartialFcScorer(n, d, PartialFcConfig.defaults());
        trainStep(scorer, 0, b, d, 0.1); // gives the momentum non-zero rows, so "unchanged" is meaningful
        float[] centresBefore = Tensors.floats(scorer.copyOfCentres());
        float[] momentumBefore = Tensors.floats(scorer.copyOfMomentum());

        trainStep(scorer, 1, b, d, 0.1);
        Set<Long> sampled = new HashSet<>();
        for (long r : scorer.sampledRows()) sampled.add(r);
        assertThat(sampled).hasSize(20);
        float[] centresAfter = Tensors.floats(scorer.copyOfCentres());
        float[] momentumAfter = Tensors.floats(scorer.copyOfMomentum());

        for (int row = 0; row < n; row++) {
            boolean changed = false;
            for (int j = 0; j < d; j++) {
                int i = row * d + j;
                if (sampled.contains((long) row)) {
                    changed |= Float.floatToRawIntBits(centresAfter[i]) != Float.floatToRawIntBits(centresBefore[i]);
                } else {
                    assertThat(Float.floatToRawIntBits(centresAfter[i])).as("centre %d", row).isEqualTo(Float.floatToRawIntBits(centresBefore[i]));
                    assertThat(Float.floatToRawIntBits(momentumAfter[i])).as("momentum %d", row).isEqualTo(Float.floatToRawIntBits(momentumBefore[i]));
                }
            }
            if (sampled.contains((long) row)) assertThat(changed).as("sampled row %d moved", row).isTrue();
        }
    }

    /**
     * Two steps with loss = sum_i cos(x_i, w_{y_i}), whose gradient is known in closed form:
     * d cos / d w = (x^ - cos w^) / |w|. The expected rows are then SGD with momentum 0.9 and
     * weight decay computed in doubles (buffer starting at zero); the drawn negatives get only
     * weight decay, the untouched rows nothing.
     */
    @Test
    void momentumUpdateMatchesAPlainJavaComputationOverTwoSteps() {
        int n = 12, d = 6;
        // A large weight decay so that its share of the update is far above float32 rounding.
        double momentum = 0.9, wd = 0.5, lr = 0.05;
        PartialFcScorer scorer = new PartialFcScorer(n, d, NegativeSampling.count(2), new CentreSgd(momentum, wd), 0, 3);
        double[][] w = TestData.matrix(Tensors.floats(scorer.copyOfCentres()), n, d);
        double[][] buf = new double[n][d];
        long[][] batches = {{3, 3, 7}, {3, 5}};

        for (int step = 0; step < batches.length; step++) {
            long[] labels = batches[step];
            float[] data = TestData.gaussian(labels.length * d, 50 + step);
            Tensor emb = TestData.embeddings(data, labels.length, d);
            Scores scores = scorer.score(emb, Tensors.ofLongs(labels), step);
            gather(scores.cosines(), 1, scores.targets().unsqueeze(1)).sum().backward();
            scorer.afterOptimizerStep(step, lr);

            double[][] x = TestData.matrix(data, labels.length, d);
            long[] rows = scorer.sampledRows();
            assertThat(rows).hasSize(new HashSet<>(Arrays.asList(Arrays.stream(labels).boxed().toArray())).size() + 2);
            for (long row : rows) {
                int c = (int) row;
                double[] grad = new double[d];
                double wNorm = TestData.norm(w[c]);
                double[] wUnit = TestData.unit(w[c]);
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] != c) continue;
                    double[] xUnit = TestData.unit(x[i]);
                    double cos = TestData.dot(xUnit, wUnit);
                    for (int j = 0; j < d; j++) grad[j] += (xUnit[j] - cos * wUnit[j]) / wNorm;
                }
                for (int j = 0; j < d; j++) {
                    double g = grad[j] + wd * w[c][j];
                    buf[c][j] = momentum * buf[c][j] + g;
                    w[c][j] -= lr * buf[c][j];
                }
            }
            double[][] actualW = TestData.matrix(Tensors.floats(scorer.copyOfCentres()), n, d);
            double[][] actualBuf = TestData.matrix(Tensors.floats(scorer.copyOfMomentum()), n, d);
            for (int c = 0; c < n; c++) {
                for (int j = 0; j < d; j++) {
                    assertThat(actualW[c][j]).as("step %d centre %d[%d]", step, c, j).isCloseTo(w[c][j], within(2e-6 * (1 + Math.abs(w[c][j]))));
                    assertThat(actualBuf[c][j]).as("step %d momentum %d[%d]", step, c, j).isCloseTo(buf[c][j], within(2e-6 * (1 + Math.abs(buf[c][j]))));
                }
            }
        }
        assertThat(buf[3][0]).as("class 3 took part twice, so its buffer carries momentum").isNotZero();
    }

    @Test
    void resumingFromACheckpointIsBitExact(@TempDir Path dir) {
        int n = 30, d = 8, b = 6;
        PartialFcConfig config = new PartialFcConfig(0.2, 0.9, 5e-4, 2, 17);
        Torch.manualSeed(5);
        PartialFcScorer original = new PartialFcScorer(n, d, config);
        for (long step = 0; step < 3; step++) trainStep(original, step, b, d, 0.1);
        OutputArchive out = new OutputArchive();
        original.saveState(out);
        String file = dir.resolve("scorer.pt").toString();
        out.save_to(file);
        for (long step = 3; step < 5; step++) trainStep(original, step, b, d, 0.1);

        Torch.manualSeed(99); // different initial centres: everything must come from the checkpoint
        PartialFcScorer resumed = new PartialFcScorer(n, d, config);
        InputArchive in = new InputArchive();
        in.load_from(file);
        resumed.loadState(in, "test");
        Map<String, Double> lastTelemetry = null;
        for (long step = 3; step < 5; step++) {
            trainStep(resumed, step, b, d, 0.1);
            lastTelemetry = resumed.telemetry();
        }

        assertThat(resumed.sampledRows()).containsExactly(original.sampledRows());
        assertThat(rawBits(resumed.copyOfCentres())).containsExactly(rawBits(original.copyOfCentres()));
        assertThat(rawBits(resumed.copyOfMomentum())).containsExactly(rawBits(original.copyOfMomentum()));
        assertThat(lastTelemetry).isEqualTo(original.telemetry());
    }

    /**
     * Trainers wrap each step in a PointerScope; the scorer's long-lived tensors (made in a scope
     * here on purpose) and the per-step leaf must survive the scopes closing around them.
     */
    @Test
    void survivesPointerScopesAroundConstructionAndSteps() {
        int n = 40, d = 8, b = 5;
        PartialFcScorer scorer;
        try (PointerScope scope = new PointerScope()) {
            scorer = new PartialFcScorer(n, d, PartialFcConfig.defaults().withSampleRate(0.5));
        }
        float[] before = Tensors.floats(scorer.copyOfCentres());
        for (long step = 0; step < 3; step++) {
            try (PointerScope scope = new PointerScope()) {
                Tensor emb = TestData.embeddings(TestData.gaussian(b * d, step), b, d);
                testLoss(scorer.score(emb, Tensors.ofLongs(TestData.labels(b, n, step)), step)).backward();
            }
            System.gc();
            scorer.afterOptimizerStep(step, 0.1); // after the step's scope has closed
            try (PointerScope scope = new PointerScope()) {
                Tensor emb = TestData.embeddings(TestData.gaussian(b * d, 50 + step), b, d);
                testLoss(scorer.score(emb, Tensors.ofLongs(TestData.labels(b, n, 50 + step)), 100 + step)).backward();
                scorer.afterOptimizerStep(100 + step, 0.1);
            }
        }
        float[] after = Tensors.floats(scorer.copyOfCentres());
        assertThat(after).hasSameSizeAs(before).isNotEqualTo(before);
        for (float v : after) assertThat(Float.isFinite(v)).isTrue();
    }

    private static int[] rawBits(Tensor t) {
        float[] f = Tensors.floats(t);
        int[] bits = new int[f.length];
        for (int i = 0; i < f.length; i++) bits[i] = Float.floatToRawIntBits(f[i]);
        return bits;
    }

    /**
     * Ages checked against last-update steps tracked here from the rows each step gathered.
     * Starts at step 10 so never-updated rows must report age 10; some steps are scored without
     * an update, which must not refresh any row.
     */
    @Test
    void negativeAgesFollowTheUpdateHistory() {
        int n = 30, d = 4, b = 4;
        PartialFcScorer scorer = new PartialFcScorer(n, d, NegativeSampling.count(6), new CentreSgd(0.9, 5e-4), 0, 8);
        long[] lastUpdate = new long[n];
        for (long step = 10; step < 30; step++) {
            Tensor emb = TestData.embeddings(TestData.gaussian(b * d, step), b, d);
            long[] labels = TestData.labels(b, n, 300 + step);
            Scores scores = scorer.score(emb, Tensors.ofLongs(labels), step);

            Set<Long> batch = new HashSet<>();
            for (long l : labels) batch.add(l);
            long[] negatives = Arrays.stream(scorer.sampledRows()).filter(r -> !batch.contains(r)).toArray();
            long[] ages = new long[negatives.length];
            for (int i = 0; i < ages.length; i++) ages[i] = step - lastUpdate[(int) negatives[i]];
            Arrays.sort(ages);
            Map<String, Double> t = scorer.telemetry();
            assertThat(negatives).hasSize(6);
            assertThat(t.get("neg_count")).isEqualTo(6.0);
            assertThat(t.get("neg_age_mean")).isCloseTo(Arrays.stream(ages).average().orElseThrow(), within(1e-12));
            assertThat(t.get("neg_age_median")).isEqualTo((ages[2] + ages[3]) / 2.0);
            assertThat(t.get("neg_age_p99")).isEqualTo((double) ages[5]); // nearest rank: ceil(0.99 * 6) = 6th
            assertThat(t.get("neg_age_max")).isEqualTo((double) ages[5]);
            assertThat(t).doesNotContainKey("proto_drift_cos");
            if (step == 10) assertThat(ages).containsOnly(10L);

            if (step % 3 == 0) continue; // scored but not trained: nothing may be refreshed
            cross_entropy(scores.cosines().mul(new Scalar(8.0)), scores.targets()).backward();
            scorer.afterOptimizerStep(step, 0.1);
            for (long r : scorer.sampledRows()) lastUpdate[(int) r] = step;
        }
    }

    @Test
    void ageStatisticsUseTheDocumentedDefinitions() {
        long[] ages = new long[200];
        for (int i = 0; i < ages.length; i++) ages[i] = 199 - i; // 0..199 in reverse
        AgeStatistics s = AgeStatistics.of(ages);
        assertThat(s.mean()).isEqualTo(99.5);
        assertThat(s.median()).isEqualTo(99.5);
        assertThat(s.p99()).isEqualTo(197.0); // sorted[ceil(198) - 1]
        assertThat(s.max()).isEqualTo(199.0);
        assertThat(AgeStatistics.of(new long[] {4, 1, 9}).median()).isEqualTo(4.0);
    }

    @Test
    void driftIsMeasuredEveryDriftEverySteps() {
        int n = 20, d = 8;
        PartialFcScorer scorer = new PartialFcScorer(n, d, NegativeSampling.rate(0), new CentreSgd(0.9, 5e-4), 5, 1);
        long[] labels = {4, 4, 4, 9, 11, 11};
        float[] data = TestData.gaussian(labels.length * d, 77);
        double[][] centres = TestData.matrix(Tensors.floats(scorer.copyOfCentres()), n, d);

        scorer.score(TestData.embeddings(data, labels.length, d), Tensors.ofLongs(labels), 10);
        Map<String, Double> t = scorer.telemetry();
        assertThat(t.get("neg_count")).isEqualTo(0.0);
        assertThat(t).doesNotContainKeys("neg_age_mean", "neg_age_max");

        double[][] x = TestData.matrix(data, labels.length, d);
        double total = 0;
        long[] classes = {4, 9, 11};
        for (long c : classes) {
            double[] mean = new double[d];
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != c) continue;
                double[] u = TestData.unit(x[i]);
                for (int j = 0; j < d; j++) mean[j] += u[j];
            }
            total += TestData.dot(TestData.unit(mean), TestData.unit(centres[(int) c]));
        }
        assertThat(t.get("proto_drift_cos")).isCloseTo(total / classes.length, within(1e-5));

        scorer.score(TestData.embeddings(data, labels.length, d), Tensors.ofLongs(labels), 11);
        assertThat(scorer.telemetry()).doesNotContainKey("proto_drift_cos");
    }
}
