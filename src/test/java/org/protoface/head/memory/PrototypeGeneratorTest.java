package org.protoface.head.memory;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrototypeGeneratorTest {
    /** Samples of classes 4, 8, 4, 2, 8, 4 (so columns: 4 -> 0, 8 -> 1, 2 -> 2), with unequal norms. */
    private static final long[] LABELS = {4, 8, 4, 2, 8, 4};
    private static final double[][] X = PlainMath.asFloat(new double[][] {
            {1.0, 0.2, -0.3}, {0.1, 2.0, 0.4}, {3.0, -0.5, 0.9}, {-0.7, 0.3, 0.8}, {0.6, 1.1, -1.2}, {0.4, 0.4, 0.1}});

    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static Tensor embeddings() {
        return Tensors.of(PlainMath.flatten(X), X.length, 3);
    }

    private static void assertRow(float[] actual, int row, double[] expected) {
        for (int j = 0; j < expected.length; j++) assertThat(actual[row * expected.length + j]).isCloseTo((float) expected[j], within(1e-6f));
    }

    @Test
    void groupsClassesInOrderOfFirstAppearance() {
        BatchClasses classes = BatchClasses.of(LABELS);
        assertThat(classes.labels()).containsExactly(4, 8, 2);
        assertThat(classes.count(0)).isEqualTo(3);
        assertThat(classes.columnOf(4)).isEqualTo(1);
        assertThat(classes.columnOfLabel(2)).isEqualTo(2);
        assertThat(classes.columnOfLabel(5)).isEqualTo(-1);
    }

    @Test
    void equalWeightsGiveTheNormalisedMeanOfRawEmbeddings() {
        float[] fresh = Tensors.floats(new PrototypeGenerator(true, false).generate(embeddings(), BatchClasses.of(LABELS)).fresh());
        double[] w = PlainMath.ones(6);
        assertRow(fresh, 0, PlainMath.normalize(PlainMath.weightedMean(X, w, 0, 2, 5)));
        assertRow(fresh, 1, PlainMath.normalize(PlainMath.weightedMean(X, w, 1, 4)));
        assertRow(fresh, 2, PlainMath.normalize(X[3]));
    }

    @Test
    void qualityWeightsAreNormsOverTheBatchMaximum() {
        double max = 0;
        double[] q = new double[X.length];
        for (int i = 0; i < X.length; i++) max = Math.max(max, PlainMath.norm(X[i]));
        for (int i = 0; i < X.length; i++) q[i] = PlainMath.norm(X[i]) / max;

        PrototypeGenerator.BatchPrototypes p = new PrototypeGenerator(true, true).generate(embeddings(), BatchClasses.of(LABELS));
        float[] fresh = Tensors.floats(p.fresh());
        assertRow(fresh, 0, PlainMath.normalize(PlainMath.weightedMean(X, q, 0, 2, 5)));
        assertRow(fresh, 1, PlainMath.normalize(PlainMath.weightedMean(X, q, 1, 4)));
        // and it differs from the unweighted prototype (sample 2 has a much larger norm than 5)
        double[] plain = PlainMath.normalize(PlainMath.weightedMean(X, PlainMath.ones(6), 0, 2, 5));
        assertThat(Math.abs(fresh[0] - plain[0])).isGreaterThan(1e-3);
    }

    /** sum over classes of R_c . normalize(weighted mean), with the weights q given (held constant) or recomputed from x. */
    private static double projectedPrototypes(double[][] x, double[] fixedQ, double[][] r) {
        double[] q = fixedQ;
        if (q == null) {
            double max = 0;
            q = new double[x.length];
            for (double[] row : x) max = Math.max(max, PlainMath.norm(row));
            for (int i = 0; i < x.length; i++) q[i] = PlainMath.norm(x[i]) / max;
        }
        int[][] members = {{0, 2, 5}, {1, 4}, {3}};
        double total = 0;
        for (int c = 0; c < 3; c++) total += PlainMath.dot(r[c], PlainMath.normalize(PlainMath.weightedMean(x, q, members[c])));
        return total;
    }

    @Test
    void qualityWeightsPassNoGradientToTheEncoder() {
        // the weights decide how much each image counts; the gradient must flow through the
        // embeddings they weigh, not through the weights themselves (||x_j|| and the batch maximum)
        double[][] r = {{0.3, -1.0, 0.5}, {1.2, 0.4, -0.7}, {-0.2, 0.9, 0.6}};
        Tensor x = embeddings().set_requires_grad(true);
        PrototypeGenerator.BatchPrototypes p = new PrototypeGenerator(true, true).generate(x, BatchClasses.of(LABELS));
        assertThat(p.weights().requires_grad()).isFalse();
        p.fresh().mul(Tensors.of(PlainMath.flatten(r), 3, 3)).sum().backward();
        float[] grad = Tensors.floats(x.grad());

        double max = 0;
        double[] q = new double[X.length];
        for (double[] row : X) max = Math.max(max, PlainMath.norm(row));
        for (int i = 0; i < X.length; i++) q[i] = PlainMath.norm(X[i]) / max;
        double h = 1e-6, largestGap = 0;
        for (int i = 0; i < X.length; i++) {
            for (int j = 0; j < 3; j++) {
                double[][] up = copy(X), down = copy(X);
                up[i][j] += h;
                down[i][j] -= h;
                // central differences in double: weights held at their values, and (for contrast) recomputed
                double detached = (projectedPrototypes(up, q, r) - projectedPrototypes(down, q, r)) / (2 * h);
                double through = (projectedPrototypes(up, null, r) - projectedPrototypes(down, null, r)) / (2 * h);
                assertThat((double) grad[i * 3 + j]).as("d/dx[%d][%d]", i, j).isCloseTo(detached, within(1e-4));
                largestGap = Math.max(largestGap, Math.abs(detached - through));
            }
        }
        assertThat(largestGap).as("the two gradients differ, so the check above can tell them apart").isGreaterThan(1e-2);
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }

    @Test
    void leaveOneOutDropsExactlyTheSample() {
        PrototypeGenerator.BatchPrototypes p = new PrototypeGenerator(true, false).generate(embeddings(), BatchClasses.of(LABELS));
        float[] loo = Tensors.floats(p.leaveOneOut(Tensors.ofLongs(0, 2, 5, 1, 4)));
        double[] w = PlainMath.ones(6);
        assertRow(loo, 0, PlainMath.normalize(PlainMath.weightedMean(X, w, 2, 5)));
        assertRow(loo, 1, PlainMath.normalize(PlainMath.weightedMean(X, w, 0, 5)));
        assertRow(loo, 2, PlainMath.normalize(PlainMath.weightedMean(X, w, 0, 2)));
        assertRow(loo, 3, PlainMath.normalize(X[4]));
        assertRow(loo, 4, PlainMath.normalize(X[1]));
    }

    @Test
    void gradientSwitchDecidesWhetherPrototypesAreDifferentiable() {
        Tensor x = embeddings().set_requires_grad(true);
        assertThat(new PrototypeGenerator(true, false).generate(x, BatchClasses.of(LABELS)).fresh().requires_grad()).isTrue();
        assertThat(new PrototypeGenerator(false, false).generate(x, BatchClasses.of(LABELS)).fresh().requires_grad()).isFalse();
    }
}
