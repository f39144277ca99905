package org.protoface.head.margin;

import org.protoface.head.Margin;
import org.protoface.head.ReferenceMath;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every margin's logits against the formula evaluated in doubles, on hand-picked cosines. */
class MarginFormulaTest {
    private static final double S = 64.0;
    /** float32 acos/cos error (~1e-7) times s = 64, with room. */
    private static final double TOL = 2e-4;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /**
     * Rows of 3 cosines; the target column of row i is i % 3 and its cosine is {@code targetCos[i]}.
     * The non-target entries are fixed spread values.
     */
    private static float[][] matrix(double... targetCos) {
        float[] others = {0.42f, -0.17f, 0.05f, -0.66f, 0.81f, 0.33f};
        float[][] m = new float[targetCos.length][3];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < 3; j++) m[i][j] = others[(i + j) % others.length];
            m[i][i % 3] = (float) targetCos[i];
        }
        return m;
    }

    private static long[] targets(int rows) {
        long[] t = new long[rows];
        for (int i = 0; i < rows; i++) t[i] = i % 3;
        return t;
    }

    static double[][] logits(Margin margin, float[][] cos, long[] targets) {
        int b = cos.length;
        int c = cos[0].length;
        float[] flat = new float[b * c];
        for (int i = 0; i < b; i++) System.arraycopy(cos[i], 0, flat, i * c, c);
        try (PointerScope scope = new PointerScope()) {
            Tensor out = margin.logits(Tensors.of(flat, b, c), Tensors.ofLongs(targets, b));
            assertThat(Tensors.shape(out)).containsExactly(b, c);
            float[] values = Tensors.floats(out);
            double[][] result = new double[b][c];
            for (int i = 0; i < b; i++) for (int j = 0; j < c; j++) result[i][j] = values[i * c + j];
            return result;
        }
    }

    /** Target entries must be s * f(cos), all others s * cos. */
    private static void assertTargetOnly(Margin margin, DoubleUnaryOperator f, double... targetCos) {
        float[][] cos = matrix(targetCos);
        long[] targets = targets(cos.length);
        double[][] out = logits(margin, cos, targets);
        for (int i = 0; i < cos.length; i++) {
            for (int j = 0; j < 3; j++) {
                double c = cos[i][j];
                double expected = S * (j == targets[i] ? f.applyAsDouble(c) : c);
                assertThat(out[i][j]).as("row %d col %d cos %f", i, j, c).isCloseTo(expected, within(TOL));
            }
        }
    }

    @Test
    void normFaceScalesEveryCosine() {
        assertTargetOnly(new NormFace(S), c -> c, 0.9, -0.4, 0.0, 1.0, -1.0);
    }

    @Test
    void cosFaceSubtractsM3FromTheTargetOnly() {
        assertTargetOnly(new CosFace(S, 0.4, true), c -> c - 0.4, 0.9, -0.4, 0.0, 1.0, -1.0);
    }

    @Test
    void arcFaceAddsTheAngleAndFallsBackPastPi() {
        double m = 0.5;
        // acos(-0.9) + 0.5 and acos(-0.95) + 0.5 exceed pi: the fallback region. -0.85 stays below.
        assertThat(Math.acos(-0.9) + m).isGreaterThan(Math.PI);
        assertThat(Math.acos(-0.85) + m).isLessThan(Math.PI);
        assertTargetOnly(new ArcFace(S, m, true), c -> ReferenceMath.arcface(c, m), 0.99, 0.3, -0.5, -0.85, -0.9, -0.95);
        // the fallback is the documented cos - m sin m
        assertTargetOnly(new ArcFace(S, m, true), c -> c - m * Math.sin(m), -0.9, -0.95, -0.999);
    }

    @Test
    void combinedMarginWithGeneralisedFallback() {
        double m1 = 1.2, m2 = 0.3, m3 = 0.2;
        double thresholdCos = Math.cos((Math.PI - m2) / m1); // about -0.717
        assertThat(thresholdCos).isBetween(-0.75, -0.7);
        CombinedMargin margin = new CombinedMargin(S, m1, m2, m3, true);
        // up to the threshold: the definition s (cos(m1 theta + m2) - m3)
        assertTargetOnly(margin, c -> ReferenceMath.combined(c, m1, m2, m3), 0.95, 0.2, -0.5, -0.7);
        // past it the penalty is a design choice; what it must do is measured: the target is c minus
        // a constant (slope 1), and it starts at or below the -1 - m3 reached at the threshold
        double[] past = {-0.72, -0.8, -0.9, -0.95, -0.999};
        float[][] cos = matrix(past);
        long[] targets = targets(past.length);
        double[][] out = logits(margin, cos, targets);
        double[] target = new double[past.length];
        for (int i = 0; i < past.length; i++) target[i] = out[i][(int) targets[i]] / S;
        for (int i = 1; i < past.length; i++) {
            double slope = (target[i] - target[i - 1]) / ((double) cos[i][(int) targets[i]] - cos[i - 1][(int) targets[i - 1]]);
            assertThat(slope).as("slope between cos %f and %f", past[i - 1], past[i]).isCloseTo(1.0, within(1e-4));
        }
        assertThat(target[0]).as("first value past the threshold").isLessThanOrEqualTo(-1 - m3 + 1e-6);
        // for m1 = 1 the penalty is the literature's ArcFace one, m2 sin m2 (insightface)
        assertTargetOnly(new CombinedMargin(S, 1, 0.5, m3, true), c -> c - 0.5 * Math.sin(0.5) - m3, -0.9, -0.95, -0.999);
    }

    @Test
    void combinedReducesToArcFaceAndCosFace() {
        double[] cos = {0.97, 0.4, -0.3, -0.9, -0.99};
        float[][] matrix = matrix(cos);
        long[] targets = targets(cos.length);
        assertThat(flat(logits(new CombinedMargin(S, 1, 0.5, 0, true), matrix, targets)))
                .containsExactly(flat(logits(new ArcFace(S, 0.5, true), matrix, targets)), within(1e-5));
        assertThat(flat(logits(new CombinedMargin(S, 1, 0, 0.35, true), matrix, targets)))
                .containsExactly(flat(logits(new CosFace(S, 0.35, true), matrix, targets)), within(1e-5));
    }

    @Test
    void sphereFaceIntegerMarginAcrossEveryKBoundary() {
        double m1 = 4;
        // boundaries at theta = k pi / 4: cosines 0.7071, 0, -0.7071; sample both sides of each
        double d = 0.02;
        double[] cos = new double[6];
        for (int k = 1; k <= 3; k++) {
            cos[2 * (k - 1)] = Math.cos(k * Math.PI / m1 - d);
            cos[2 * (k - 1) + 1] = Math.cos(k * Math.PI / m1 + d);
        }
        assertTargetOnly(new SphereFace(S, m1, true), c -> ReferenceMath.sphereface(c, m1), cos);
        // psi is continuous: either side of a boundary it is close to 1 - 2k
        for (int k = 1; k <= 3; k++) {
            double b = Math.cos(k * Math.PI / m1);
            assertTargetOnly(new SphereFace(S, m1, true), c -> ReferenceMath.sphereface(c, m1), b + 1e-4, b - 1e-4);
            assertThat(ReferenceMath.sphereface(b + 1e-4, m1)).isCloseTo(1 - 2 * k, within(0.01));
        }
    }

    @Test
    void sphereFaceFractionalMargin() {
        double m1 = 1.35;
        double boundary = Math.cos(Math.PI / m1); // about -0.688: k goes from 0 to 1
        assertTargetOnly(new SphereFace(S, m1, true), c -> ReferenceMath.sphereface(c, m1),
                0.9, 0.0, boundary + 0.01, boundary - 0.01, -0.95, -1.0);
    }

    @Test
    void withoutGradientThroughMarginTheValuesAreUnchanged() {
        float[][] cos = matrix(0.9, 0.1, -0.6, -0.95);
        long[] targets = targets(4);
        assertThat(flat(logits(new ArcFace(S, 0.5, false), cos, targets)))
                .containsExactly(flat(logits(new ArcFace(S, 0.5, true), cos, targets)), within(1e-5));
        assertThat(flat(logits(new SphereFace(S, 4, false), cos, targets)))
                .containsExactly(flat(logits(new SphereFace(S, 4, true), cos, targets)), within(1e-5));
    }

    /** The target logit may never increase as the sample moves away from its class. */
    @Test
    void everyTargetTransformIsMonotonicOverTheWholeRange() {
        Margin[] margins = {
                new ArcFace(S, 0.5, true), new ArcFace(S, 1.2, true), new CosFace(S, 0.4, true),
                new SphereFace(S, 1.35, true), new SphereFace(S, 4, true),
                new CombinedMargin(S, 1.0, 0.3, 0.2, true), new CombinedMargin(S, 1.35, 0.5, 0.1, true),
                // m1 = 4: the fallback needs p = 1 - cos(m_eff) rather than m_eff sin(m_eff)
                new CombinedMargin(S, 4.0, 0.0, 0.0, true),
                new CurricularFace(S, 0.5, 0.99, true)};
        int n = 4001;
        float[][] column = new float[n][1];
        long[] targets = new long[n];
        for (int i = 0; i < n; i++) column[i][0] = (float) (-1.0 + 2.0 * i / (n - 1));
        for (Margin margin : margins) {
            double[][] out = logits(margin, column, targets);
            for (int i = 1; i < n; i++) {
                assertThat(out[i][0]).as("%s at cos %f", margin.describe(), column[i][0])
                        .isGreaterThanOrEqualTo(out[i - 1][0] - 1e-4);
            }
        }
    }

    @Test
    void curricularFaceReweightsHardNegativesAndTracksT() {
        double m = 0.5, momentum = 0.99;
        CurricularFace margin = new CurricularFace(S, m, momentum, true);
        assertThat(margin.t()).isZero();
        float[][] first = {
                {0.6f, 0.5f, 0.1f, -0.2f},   // target 0: T = 0.143; 0.5 hard, 0.1 and -0.2 easy
                {0.3f, -0.1f, 0.2f, -0.6f},  // target 2: T = -0.294; 0.3 and -0.1 hard, -0.6 easy
                {0.0f, -0.3f, 0.9f, -0.95f}}; // target 3 in the fallback region: every negative is hard
        long[] targets = {0, 2, 3};
        float[][] second = {
                {0.8f, 0.7f, 0.2f, -0.5f},
                {0.4f, 0.45f, 0.9f, 0.1f},
                {-0.3f, 0.6f, 0.25f, 0.5f}};

        double t1 = momentum * 0 + (1 - momentum) * (0.6 + 0.2 - 0.95) / 3;
        double[][] out1 = logits(margin, first, targets);
        assertThat(margin.t()).isCloseTo(t1, within(1e-8));
        assertCurricular(out1, first, targets, m, t1);
        assertThat(out1[0][1]).as("hard negative changed").isNotCloseTo(S * 0.5, within(1.0));
        assertThat(out1[0][2]).as("easy negative untouched").isCloseTo(S * 0.1, within(TOL));

        double t2 = momentum * t1 + (1 - momentum) * (0.8 + 0.9 + 0.5) / 3;
        double[][] out2 = logits(margin, second, targets);
        assertThat(margin.t()).isCloseTo(t2, within(1e-8));
        assertCurricular(out2, second, targets, m, t2);
    }

    private static void assertCurricular(double[][] out, float[][] cos, long[] targets, double m, double t) {
        int hard = 0;
        for (int i = 0; i < cos.length; i++) {
            double target = ReferenceMath.arcface(cos[i][(int) targets[i]], m);
            for (int j = 0; j < cos[i].length; j++) {
                double c = cos[i][j];
                double expected;
                if (j == targets[i]) {
                    expected = target;
                } else if (c > target) {
                    expected = c * (t + c);
                    hard++;
                } else {
                    expected = c;
                }
                assertThat(out[i][j]).as("row %d col %d", i, j).isCloseTo(S * expected, within(TOL));
            }
        }
        assertThat(hard).as("the case has hard negatives").isGreaterThan(0);
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
