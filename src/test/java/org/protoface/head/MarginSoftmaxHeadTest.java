package org.protoface.head;

import org.protoface.head.full.FullSoftmaxScorer;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.margin.ArcFace;
import org.protoface.head.margin.CurricularFace;
import org.protoface.head.MarginSpec;
import org.protoface.head.margin.Margins;
import org.protoface.head.margin.NormFace;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MarginSoftmaxHeadTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
        Torch.manualSeed(11);
    }

    // 4 samples, 3 classes, d = 3
    private static final double[][] W = {{1, 0, 0}, {0.6, 0.8, 0}, {0, -0.5, 2}};
    private static final double[][] X = {{2, 0.1, 0}, {0.1, 1, 0.3}, {-1, 0.2, 0.9}, {0.5, 0.5, -0.5}};
    private static final int[] LABELS = {0, 1, 2, 2};

    private static float[] flat(double[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) f[i * m[0].length + j] = (float) m[i][j];
        return f;
    }

    private static FullSoftmaxScorer scorerWithKnownWeights() {
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(3, 3);
        try (NoGradGuard g = new NoGradGuard()) {
            scorer.weight().copy_(Tensors.of(flat(W), 3, 3));
        }
        return scorer;
    }

    /** Mean ArcFace cross-entropy of samples x against class weights w, in doubles from the definitions. */
    private static double referenceLoss(double[][] x, double[][] w, double s, double m) {
        double[][] logits = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            double[] xi = ReferenceMath.normalize(x[i]);
            for (int j = 0; j < w.length; j++) {
                double c = ReferenceMath.dot(xi, ReferenceMath.normalize(w[j]));
                logits[i][j] = s * (j == LABELS[i] ? ReferenceMath.arcface(c, m) : c);
            }
        }
        return ReferenceMath.crossEntropy(logits, LABELS);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    @Test
    void lossEqualsAnIndependentEndToEndComputation() {
        double s = 30, m = 0.5;
        MarginSoftmaxHead head = new MarginSoftmaxHead(scorerWithKnownWeights(), new ArcFace(s, m, true),
                new SoftmaxCrossEntropy());

        double[][] logits = new double[4][3];
        double targetCosSum = 0;
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            double[] x = ReferenceMath.normalize(X[i]);
            for (int j = 0; j < 3; j++) {
                double c = ReferenceMath.dot(x, ReferenceMath.normalize(W[j]));
                if (j == LABELS[i]) targetCosSum += c;
                logits[i][j] = s * (j == LABELS[i] ? ReferenceMath.arcface(c, m) : c);
            }
            int best = 0;
            for (int j = 1; j < 3; j++) if (logits[i][j] > logits[i][best]) best = j;
            if (best == LABELS[i]) correct++;
        }
        double expectedLoss = ReferenceMath.crossEntropy(logits, LABELS);

        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.of(flat(X), 4, 3);
            x.set_requires_grad(true);
            HeadStep step = head.forward(x, Tensors.ofInts(LABELS), 0);
            assertThat(step.loss().item_double()).isCloseTo(expectedLoss, within(1e-4 * expectedLoss));
            assertThat(step.telemetry().get("target_cos_mean")).isCloseTo(targetCosSum / 4, within(1e-6));
            assertThat(step.telemetry().get("train_acc")).isEqualTo(correct / 4.0);
            assertThat(correct).as("the case is neither all right nor all wrong").isBetween(1, 3);
            assertThat(step.telemetry()).containsKey("prototype_norm_mean");

            step.loss().backward();
            // gradients against central differences of the same loss computed in doubles
            float[] gx = Tensors.floats(x.grad());
            float[] gw = Tensors.floats(head.scorer().optimizerParameters().get(0).grad());
            double h = 1e-6;
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 3; k++) {
                    double[][] up = copy(X), down = copy(X);
                    up[i][k] += h;
                    down[i][k] -= h;
                    double expected = (referenceLoss(up, W, s, m) - referenceLoss(down, W, s, m)) / (2 * h);
                    assertThat((double) gx[i * 3 + k]).as("dL/dx[%d][%d]", i, k).isCloseTo(expected, within(2e-4 * Math.max(1, Math.abs(expected))));
                }
            }
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    double[][] up = copy(W), down = copy(W);
                    up[j][k] += h;
                    down[j][k] -= h;
                    double expected = (referenceLoss(X, up, s, m) - referenceLoss(X, down, s, m)) / (2 * h);
                    assertThat((double) gw[j * 3 + k]).as("dL/dW[%d][%d]", j, k).isCloseTo(expected, within(2e-4 * Math.max(1, Math.abs(expected))));
                }
            }
        }
    }

    @Test
    void describeAndStateBytesComeFromTheParts() {
        MarginSoftmaxHead head = new MarginSoftmaxHead(new FullSoftmaxScorer(2000, 128),
                Margins.create(MarginSpec.cosface(30, 0.35)), new SoftmaxCrossEntropy());
        assertThat(head.describe()).isEqualTo("full softmax 2000 x 128, cosface s=30 m3=0.35, softmax cross-entropy");
        assertThat(head.stateBytes()).isEqualTo(2000L * 128 * 4 * 2);
        assertThat(head.optimizerParameters()).containsExactlyElementsOf(head.scorer().optimizerParameters());
    }

    @Test
    void saveLoadRestoresWeightsAndCurricularTBitExact() {
        CurricularFace margin = new CurricularFace(64, 0.5, 0.99, true);
        MarginSoftmaxHead head = new MarginSoftmaxHead(new FullSoftmaxScorer(5, 3), margin, new SoftmaxCrossEntropy());
        try (PointerScope scope = new PointerScope()) {
            for (int step = 0; step < 3; step++) {
                head.forward(Tensors.randn(4, 3), Tensors.ofLongs(0L, 3L, 4L, 1L), step);
            }
        }
        assertThat(margin.t()).isNotZero();
        OutputArchive out = new OutputArchive();
        head.saveState(out);
        Path file = dir.resolve("head.pt");
        out.save_to(file.toString());

        CurricularFace restoredMargin = new CurricularFace(64, 0.5, 0.99, true);
        FullSoftmaxScorer restoredScorer = new FullSoftmaxScorer(5, 3);
        MarginSoftmaxHead restored = new MarginSoftmaxHead(restoredScorer, restoredMargin, new SoftmaxCrossEntropy());
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        restored.loadState(in);

        assertThat(restoredMargin.t()).isEqualTo(margin.t());
        assertThat(Double.doubleToRawLongBits(restoredMargin.t())).isEqualTo(Double.doubleToRawLongBits(margin.t()));
        assertThat(Tensors.floats(restoredScorer.weight()))
                .isEqualTo(Tensors.floats(((FullSoftmaxScorer) head.scorer()).weight()));
    }

    @Test
    void loadNamesAMissingSection() {
        OutputArchive out = new OutputArchive();
        OutputArchive scorerOnly = new OutputArchive();
        new FullSoftmaxScorer(2, 2).saveState(scorerOnly);
        out.write("scorer", scorerOnly);
        Path file = dir.resolve("partial.pt");
        out.save_to(file.toString());
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        MarginSoftmaxHead head = new MarginSoftmaxHead(new FullSoftmaxScorer(2, 2), new NormFace(10), new SoftmaxCrossEntropy());
        assertThatThrownBy(() -> head.loadState(in)).hasMessageContaining("no 'margin' section");
    }

    @Test
    void afterOptimizerStepAndTelemetryDelegateToTheScorer() {
        RecordingScorer scorer = new RecordingScorer();
        MarginSoftmaxHead head = new MarginSoftmaxHead(scorer, new NormFace(1), new SoftmaxCrossEntropy());
        head.afterOptimizerStep(41, 0.05);
        assertThat(scorer.calls).containsExactly("after 41 0.05");
        try (PointerScope scope = new PointerScope()) {
            HeadStep step = head.forward(Tensors.zeros(2, 2), Tensors.ofLongs(1L, 0L), 0);
            // cosines [[0.1, 0.9], [0.8, 0.2]] with targets [1, 0]: both rows right
            assertThat(step.telemetry()).containsEntry("scorer_value", 7.0).containsEntry("train_acc", 1.0);
            assertThat(step.telemetry().get("target_cos_mean")).isCloseTo(0.85, within(1e-6));
        }
    }

    /** A scorer with fixed cosines that records the calls it gets. */
    private static final class RecordingScorer implements ClassScorer {
        final List<String> calls = new ArrayList<>();

        @Override
        public Scores score(Tensor embeddings, Tensor labels, long step) {
            return new Scores(Tensors.of(new float[] {0.1f, 0.9f, 0.8f, 0.2f}, 2, 2), labels);
        }

        @Override
        public List<Tensor> optimizerParameters() {
            return List.of();
        }

        @Override
        public void afterOptimizerStep(long step, double learningRate) {
            calls.add("after " + step + " " + learningRate);
        }

        @Override
        public long stateBytes() {
            return 0;
        }

        @Override
        public Map<String, Double> telemetry() {
            return Map.of("scorer_value", 7.0);
        }

        @Override
        public String describe() {
            return "recording";
        }
    }
}
