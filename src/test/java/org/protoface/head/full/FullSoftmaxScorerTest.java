package org.protoface.head.full;

import org.protoface.head.ReferenceMath;
import org.protoface.head.Scores;

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
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FullSoftmaxScorerTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
        Torch.manualSeed(7);
    }

    private static float[] randomFloats(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void cosinesAreNormalisedDotProductsAndTargetsAreLabels() {
        int n = 7, d = 5, b = 4;
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(n, d);
        float[] w = Tensors.floats(scorer.weight());
        float[] x = randomFloats(b * d, 1);
        long[] labels = {3, 0, 6, 3};
        try (PointerScope scope = new PointerScope()) {
            Scores scores = scorer.score(Tensors.of(x, b, d), Tensors.ofLongs(labels), 0);
            assertThat(Tensors.longs(scores.targets())).containsExactly(labels);
            assertThat(Tensors.shape(scores.cosines())).containsExactly(b, n);
            float[] cos = Tensors.floats(scores.cosines());
            for (int i = 0; i < b; i++) {
                double[] xi = ReferenceMath.normalize(row(x, i, d));
                for (int j = 0; j < n; j++) {
                    double expected = ReferenceMath.dot(xi, ReferenceMath.normalize(row(w, j, d)));
                    assertThat((double) cos[i * n + j]).isCloseTo(expected, within(1e-5));
                }
            }
        }
        assertThat(scorer.telemetry()).containsKey("prototype_norm_mean");
        double normSum = 0;
        for (int j = 0; j < n; j++) normSum += Math.sqrt(ReferenceMath.dot(row(w, j, d), row(w, j, d)));
        assertThat(scorer.telemetry().get("prototype_norm_mean")).isCloseTo(normSum / n, within(1e-6));
    }

    private static double[] row(float[] m, int i, int d) {
        double[] r = new double[d];
        for (int k = 0; k < d; k++) r[k] = m[i * d + k];
        return r;
    }

    @Test
    void weightIsATrainableLeafInitialisedWithStd001() {
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(400, 50);
        assertThat(scorer.optimizerParameters()).hasSize(1);
        Tensor w = scorer.optimizerParameters().get(0);
        assertThat(w.requires_grad()).isTrue();
        assertThat(w.is_leaf()).isTrue();
        float[] values = Tensors.floats(w);
        double sum = 0, sq = 0;
        for (float v : values) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / values.length;
        double std = Math.sqrt(sq / values.length - mean * mean);
        assertThat(mean).isCloseTo(0, within(0.001));
        assertThat(std).isCloseTo(0.01, within(0.0005));
    }

    @Test
    void gradientReachesEveryRowOfW() {
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(6, 4);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.of(randomFloats(8, 2), 2, 4);
            Scores s = scorer.score(x, Tensors.ofLongs(1L, 4L), 0);
            s.cosines().pow(new org.bytedeco.pytorch.Scalar(2.0)).sum().backward();
            float[] g = Tensors.floats(scorer.weight().grad());
            for (int j = 0; j < 6; j++) {
                double norm = 0;
                for (int k = 0; k < 4; k++) norm += g[j * 4 + k] * g[j * 4 + k];
                assertThat(norm).as("row %d", j).isPositive();
            }
        }
    }

    @Test
    void stateBytesCountWeightsAndMomentum() {
        assertThat(new FullSoftmaxScorer(1000, 128).stateBytes()).isEqualTo(1000L * 128 * 4 * 2);
        assertThat(new FullSoftmaxScorer(1000, 128, 0).stateBytes()).isEqualTo(1000L * 128 * 4);
        assertThat(new FullSoftmaxScorer(1000, 128, 2).stateBytes()).isEqualTo(1000L * 128 * 4 * 3);
        assertThat(new FullSoftmaxScorer(1000, 128).describe()).isEqualTo("full softmax 1000 x 128");
    }

    @Test
    void saveLoadRoundTripIsBitExactAndKeepsTheParameterTensor() {
        FullSoftmaxScorer original = new FullSoftmaxScorer(9, 3);
        OutputArchive out = new OutputArchive();
        original.saveState(out);
        Path file = dir.resolve("scorer.pt");
        out.save_to(file.toString());

        FullSoftmaxScorer restored = new FullSoftmaxScorer(9, 3);
        Tensor parameterBefore = restored.parameters().get(0);
        assertThat(Tensors.floats(restored.weight())).isNotEqualTo(Tensors.floats(original.weight()));
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        restored.loadState(in, "test");
        assertThat(Tensors.floats(restored.weight())).isEqualTo(Tensors.floats(original.weight()));
        // the optimizer holds parameterBefore: it must see the loaded values
        assertThat(Tensors.floats(parameterBefore)).isEqualTo(Tensors.floats(original.weight()));
        assertThat(restored.weight().requires_grad()).isTrue();
    }

    @Test
    void loadRejectsAMatrixOfAnotherShape() {
        OutputArchive out = new OutputArchive();
        new FullSoftmaxScorer(9, 3).saveState(out);
        Path file = dir.resolve("other.pt");
        out.save_to(file.toString());
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        FullSoftmaxScorer target = new FullSoftmaxScorer(10, 3);
        float[] before = Tensors.floats(target.weight());
        assertThatThrownBy(() -> target.loadState(in, "test")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'weight'").hasMessageContaining("[9, 3]").hasMessageContaining("[10, 3]");
        assertThat(Tensors.floats(target.weight())).isEqualTo(before);
    }

    @Test
    void loadNamesAMissingEntry() {
        OutputArchive out = new OutputArchive();
        out.write("something_else", Tensors.zeros(2));
        Path file = dir.resolve("empty.pt");
        out.save_to(file.toString());
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        assertThatThrownBy(() -> new FullSoftmaxScorer(2, 2).loadState(in, "full softmax scorer"))
                .hasMessageContaining("no entry 'weight'").hasMessageContaining("full softmax scorer");
    }

    @Test
    void rejectsBadLabelsAndEmbeddings() {
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(5, 4);
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.of(randomFloats(8, 3), 2, 4);
            assertThatThrownBy(() -> scorer.score(x, Tensors.ofLongs(1L, 5L), 0))
                    .hasMessageContaining("labels must be in [0, 5)").hasMessageContaining("[1, 5]");
            assertThatThrownBy(() -> scorer.score(x, Tensors.ofLongs(-1L, 2L), 0))
                    .hasMessageContaining("labels must be in [0, 5)");
            assertThatThrownBy(() -> scorer.score(x, Tensors.ofLongs(1L), 0))
                    .hasMessageContaining("labels must be a vector of 2 values");
            assertThatThrownBy(() -> scorer.score(Tensors.of(randomFloats(6, 4), 2, 3), Tensors.ofLongs(1L, 2L), 0))
                    .hasMessageContaining("embeddings must be B x 4");
            assertThatThrownBy(() -> scorer.score(x, Tensors.of(new float[] {1f, 2f}, 2), 0))
                    .hasMessageContaining("labels must be int64");
        }
    }

    @Test
    void constructorRejectsNonsense() {
        assertThatThrownBy(() -> new FullSoftmaxScorer(0, 4)).hasMessageContaining("number of classes");
        assertThatThrownBy(() -> new FullSoftmaxScorer(4, 0)).hasMessageContaining("embedding size");
        assertThatThrownBy(() -> new FullSoftmaxScorer(4, 4, -1)).hasMessageContaining("optimizer buffers");
    }

    @Test
    void weightSurvivesThePointerScopeItWasCreatedIn() {
        FullSoftmaxScorer scorer;
        try (PointerScope scope = new PointerScope()) {
            scorer = new FullSoftmaxScorer(3, 2);
        }
        try (NoGradGuard g = new NoGradGuard()) {
            scorer.weight().copy_(Tensors.of(new float[] {1, 0, 0, 1, -1, 0}, 3, 2));
        }
        assertThat(Tensors.floats(scorer.weight())).containsExactly(1, 0, 0, 1, -1, 0);
    }
}
