package org.protoface.eval;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.testing.PatternPairs;
import org.protoface.testing.TinyEncoder;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairSetEvaluationTest {
    private static final int SIZE = 8;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** One image through the encoder on its own, mirrored in plain Java for the flip test. */
    private static double[] embedAlone(TinyEncoder enc, PatternPairs set, int pair, int side, boolean flip) throws Exception {
        int per = 3 * SIZE * SIZE;
        float[] x = new float[per];
        set.load(pair, side, x, 0);
        double[] sum = forward(enc, x);
        if (flip) {
            float[] m = new float[per];
            for (int c = 0; c < 3; c++) for (int y = 0; y < SIZE; y++) for (int i = 0; i < SIZE; i++) {
                m[(c * SIZE + y) * SIZE + i] = x[(c * SIZE + y) * SIZE + SIZE - 1 - i];
            }
            double[] f = forward(enc, m);
            for (int k = 0; k < sum.length; k++) sum[k] += f[k];
        }
        return sum;
    }

    private static double[] forward(TinyEncoder enc, float[] x) {
        enc.train(false);
        try (PointerScope s = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
            float[] e = Tensors.floats(enc.forward(Tensors.of(x, 1, 3, SIZE, SIZE)));
            double[] d = new double[e.length];
            for (int k = 0; k < e.length; k++) d[k] = e[k];
            return d;
        }
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** The pixels themselves as the embedding (flip-symmetric sums included): a model whose scores are known. */
    private static final class PixelModel implements org.protoface.infer.EmbeddingModel {
        public org.protoface.infer.InputSpec input() { return org.protoface.infer.InputSpec.standard(SIZE); }
        public int embeddingSize() { return 3 * SIZE * SIZE; }
        public float[][] embedRaw(float[] chw, int n) {
            int d = embeddingSize();
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) out[i] = java.util.Arrays.copyOfRange(chw, i * d, (i + 1) * d);
            return out;
        }
        public String fingerprint() { return "sha256:pixels"; }
        public String describe() { return "pixels"; }
    }

    private static org.protoface.infer.TorchEncoderModel model(TinyEncoder enc) {
        return new org.protoface.infer.TorchEncoderModel(enc, "test");
    }

    @Test
    void scoresArePairCosinesInFileOrderAcrossBatchBoundaries() throws Exception {
        Torch.manualSeed(5);
        TinyEncoder enc = new TinyEncoder(SIZE, 6);
        PatternPairs set = new PatternPairs("p", PairSetEvaluation.PAIRS_PER_BATCH + 7, SIZE);
        for (boolean flip : new boolean[] {false, true}) {
            PairScores scores = PairSetEvaluation.score(model(enc), set, flip);
            assertThat(scores.size()).isEqualTo(set.pairCount());
            for (int p = 0; p < set.pairCount(); p++) {
                double expected = cosine(embedAlone(enc, set, p, 0, flip), embedAlone(enc, set, p, 1, flip));
                assertThat(scores.score(p)).as("pair %d flip %b", p, flip).isCloseTo(expected, within(1e-4));
                assertThat(scores.same(p)).isEqualTo(p % 2 == 0);
            }
        }
        assertThat(enc.is_training()).isFalse(); // embedAlone left it in eval mode; score restores what it found
    }

    @Test
    void resultHasTenFoldsPairRocAndRecordsTheFlipTest() {
        Torch.manualSeed(6);
        PatternPairs set = PatternPairs.identicalGenuine("pat", 40, SIZE);
        EvalResult r = PairSetEvaluation.evaluate(new PixelModel(), set, true);
        assertThat(r.pairs()).isEqualTo(40);
        // genuine pairs show one image twice and score 1; impostors are independent random patterns,
        // whose pixel cosines stay near 0 (|cos| < 0.5 here), so every threshold the training folds
        // choose lies between them and every fold is right on every pair
        assertThat(r.verification().foldAccuracies()).hasSize(10).containsOnly(1.0);
        assertThat(r.verification().meanAccuracy()).isEqualTo(1.0);
        assertThat(r.auc()).isEqualTo(1.0);
        assertThat(r.rocSource()).isEqualTo(EvalResult.ROC_PAIRS);
        assertThat(r.flipTest()).isTrue();
        assertThat(r.allPairs()).isNull();
        // 20 impostor pairs cannot resolve FAR 1e-3
        assertThat(r.tarAtFar()).allSatisfy(t -> assertThat(t.resolved()).isFalse());
        assertThat(r.rocCurves()).extracting(RocCurve::label).containsExactly("pat (pairs)");
    }

    @Test
    void sizeMismatchAndDuplicateNamesAreRefused() {
        TinyEncoder enc = new TinyEncoder(SIZE, 6);
        assertThatThrownBy(() -> PairSetEvaluation.evaluate(model(enc), new PatternPairs("big", 20, 16), false))
                .hasMessageContaining("big images are decoded at 16 px but the model expects 8 px");
        assertThatThrownBy(() -> PairSetEvaluation.requireUniqueNames(List.of(new PatternPairs("a", 20, 8), new PatternPairs("a", 30, 8))))
                .hasMessageContaining("two validation sets are named 'a'");
    }

    @Test
    void setsFileRoundTrips(@TempDir Path dir) throws Exception {
        TinyEncoder enc = new TinyEncoder(SIZE, 6);
        Map<String, EvalResult> results = new LinkedHashMap<>();
        results.put("first", PairSetEvaluation.evaluate(model(enc), new PatternPairs("first", 20, SIZE), true));
        results.put("second", PairSetEvaluation.evaluate(model(enc), new PatternPairs("second", 30, SIZE), false));
        Path json = dir.resolve("eval-sets.json");
        EvalReport.writeSets(results, json);
        Map<String, EvalResult> back = EvalReport.readSets(json);
        assertThat(back.keySet()).containsExactly("first", "second");
        for (String k : results.keySet()) {
            assertThat(back.get(k).pairs()).isEqualTo(results.get(k).pairs());
            assertThat(back.get(k).verification().meanAccuracy()).isEqualTo(results.get(k).verification().meanAccuracy());
            assertThat(back.get(k).flipTest()).isEqualTo(results.get(k).flipTest());
        }
    }
}
