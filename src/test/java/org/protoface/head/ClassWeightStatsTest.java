package org.protoface.head;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.head.full.FullSoftmaxScorer;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassWeightStatsTest {
    @BeforeAll
    static void init() {
        Torch.init();
        Torch.manualSeed(4);
    }

    private static float[] gaussian(int n, long seed, double scale) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (scale * r.nextGaussian());
        return v;
    }

    private static double[] row(float[] m, int i, int d) {
        double[] r = new double[d];
        for (int k = 0; k < d; k++) r[k] = m[i * d + k];
        return r;
    }

    /** Mean over classes of cos(w_c, mean of the unit embeddings of c's samples), in doubles. */
    private static double referenceDrift(float[] x, long[] labels, float[] w, int d) {
        long[] classes = Arrays.stream(labels).sorted().distinct().toArray();
        double total = 0;
        for (long c : classes) {
            double[] mean = new double[d];
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != c) continue;
                double[] u = ReferenceMath.normalize(row(x, i, d));
                for (int k = 0; k < d; k++) mean[k] += u[k];
            }
            total += ReferenceMath.dot(ReferenceMath.normalize(mean), ReferenceMath.normalize(row(w, (int) c, d)));
        }
        return total / classes.length;
    }

    @Test
    void fullSoftmaxReportsDriftOfTheBatchClassesAndTheNormDistribution() {
        int n = 40, d = 6;
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(n, d);
        float[] w = Tensors.floats(scorer.weight());
        // samples of class 3 sit near its weight, class 17's far from it: a drift well inside (-1, 1)
        long[] labels = {17, 3, 3, 17, 29};
        float[] x = gaussian(labels.length * d, 8, 1.0);
        for (int k = 0; k < d; k++) {
            x[d + k] = w[3 * d + k] * 50;
            x[2 * d + k] = w[3 * d + k] * 80 + x[2 * d + k] * 0.1f;
        }
        try (TensorScope scope = TensorScope.open()) {
            scorer.score(Tensors.of(x, labels.length, d), Tensors.ofLongs(labels), 0);
        }
        Map<String, Double> t = scorer.telemetry();
        double drift = referenceDrift(x, labels, w, d);
        assertThat(drift).isBetween(-0.9, 0.9);
        assertThat(t.get(ClassWeightStats.DRIFT_COS)).isCloseTo(drift, within(1e-5));

        double[] norms = new double[n];
        for (int c = 0; c < n; c++) norms[c] = Math.sqrt(ReferenceMath.dot(row(w, c, d), row(w, c, d)));
        double[] sorted = norms.clone();
        Arrays.sort(sorted);
        // nearest rank: the ceil(q n)-th smallest
        assertThat(t.get(ClassWeightStats.NORM_P10)).isCloseTo(sorted[3], within(1e-6));
        assertThat(t.get(ClassWeightStats.NORM_P50)).isCloseTo(sorted[19], within(1e-6));
        assertThat(t.get(ClassWeightStats.NORM_P90)).isCloseTo(sorted[35], within(1e-6));
        assertThat(t.get(ClassWeightStats.NORM_MEAN)).isCloseTo(Arrays.stream(norms).average().orElseThrow(), within(1e-6));
    }

    @Test
    void normsOfRowsOfVeryDifferentLengths() {
        // rows of norm 1..10 (a 3-4-5 pattern scaled): p10 = 1, p50 = 5, p90 = 9, mean 5.5
        float[] w = new float[10 * 2];
        for (int c = 0; c < 10; c++) {
            w[2 * c] = 0.6f * (c + 1);
            w[2 * c + 1] = -0.8f * (c + 1);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        try (TensorScope scope = TensorScope.open()) {
            ClassWeightStats.putNorms(Tensors.of(w, 10, 2), out);
        }
        assertThat(out.get(ClassWeightStats.NORM_P10)).isCloseTo(1.0, within(1e-6));
        assertThat(out.get(ClassWeightStats.NORM_P50)).isCloseTo(5.0, within(1e-6));
        assertThat(out.get(ClassWeightStats.NORM_P90)).isCloseTo(9.0, within(1e-5));
        assertThat(out.get(ClassWeightStats.NORM_MEAN)).isCloseTo(5.5, within(1e-5));
    }

    @Test
    void distinctLabelsAndPositions() {
        long[][] r = ClassWeightStats.distinctAndPositions(new long[] {9, 2, 9, 4, 2});
        assertThat(r[0]).containsExactly(2, 4, 9);
        assertThat(r[1]).containsExactly(2, 0, 2, 1, 0);
    }
}
