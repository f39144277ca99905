package org.protoface.head.margin;

import org.protoface.head.Margin;
import org.protoface.head.ReferenceMath;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** d(sum of logits)/d(cosines) against analytic derivatives written in doubles. */
class MarginGradientTest {
    private static final double S = 64.0;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** Gradient of the sum of all logits with respect to one row of cosines, target column 0. */
    private static double[] gradient(Margin margin, float... row) {
        try (PointerScope scope = new PointerScope()) {
            Tensor cos = Tensors.of(row, 1, row.length);
            cos.set_requires_grad(true);
            margin.logits(cos, Tensors.ofLongs(0L)).sum().backward();
            float[] g = Tensors.floats(cos.grad());
            double[] out = new double[g.length];
            for (int i = 0; i < g.length; i++) out[i] = g[i];
            return out;
        }
    }

    @Test
    void arcFaceGradientMatchesTheAnalyticDerivative() {
        double c = 0.6, m = 0.5;
        double theta = Math.acos(c);
        double expected = S * Math.sin(theta + m) / Math.sin(theta);
        double[] g = gradient(new ArcFace(S, m, true), (float) c, 0.1f, -0.3f);
        assertThat(g[0]).isCloseTo(expected, within(expected * 1e-4));
        assertThat(g[1]).isCloseTo(S, within(1e-4));
        assertThat(g[2]).isCloseTo(S, within(1e-4));
    }

    @Test
    void arcFaceFallbackRegionHasTheSlopeOfCos() {
        // cos - m sin m past theta + m = pi: derivative 1, times s
        assertThat(gradient(new ArcFace(S, 0.5, true), -0.95f, 0.2f)[0]).isCloseTo(S, within(1e-4));
    }

    @Test
    void withoutGradientThroughMarginTheTargetGradientIsS() {
        assertThat(gradient(new ArcFace(S, 0.5, false), 0.6f, 0.1f)[0]).isCloseTo(S, within(1e-4));
        assertThat(gradient(new SphereFace(S, 4, false), -0.2f, 0.1f)[0]).isCloseTo(S, within(1e-4));
        assertThat(gradient(new CombinedMargin(S, 1.2, 0.3, 0.2, false), 0.3f, 0.1f)[0]).isCloseTo(S, within(1e-4));
    }

    @Test
    void sphereFaceGradientInAnOddPiece() {
        double c = -0.2, m1 = 4;
        double theta = Math.acos(c);
        int k = (int) Math.floor(m1 * theta / Math.PI);
        assertThat(k).isEqualTo(2);
        // psi = (-1)^k cos(m1 theta) - 2k  =>  dpsi/dc = (-1)^k m1 sin(m1 theta) / sin(theta)
        double expected = S * Math.pow(-1, k) * m1 * Math.sin(m1 * theta) / Math.sin(theta);
        assertThat(gradient(new SphereFace(S, m1, true), (float) c, 0.5f)[0])
                .isCloseTo(expected, within(Math.abs(expected) * 1e-4));
    }

    @Test
    void curricularFaceHardNegativeGradientIncludesTheWeight() {
        CurricularFace margin = new CurricularFace(S, 0.5, 0.99, true);
        // target 0.6 -> T = 0.143; 0.5 is a hard negative, -0.2 an easy one
        double[] g = gradient(margin, 0.6f, 0.5f, -0.2f);
        double t = margin.t(); // updated before the re-weighting; t is a constant for the gradient
        assertThat(t).isCloseTo(0.01 * 0.6, within(1e-9));
        assertThat(g[1]).isCloseTo(S * (t + 2 * 0.5), within(1e-3));
        assertThat(g[2]).isCloseTo(S, within(1e-4));
        double theta = Math.acos(0.6);
        assertThat(g[0]).isCloseTo(S * Math.sin(theta + 0.5) / Math.sin(theta), within(1e-2));
    }

    @Test
    void gradientsAtCosinePlusMinusOneAreThoseOfTheClampedFormulas() {
        // theta = acos(clamp(c, -(1 - 1e-6), 1 - 1e-6)): within 1e-6 of +-1 the angle is held, so an
        // angular target has slope 0 there, while the fallback region (theta + m past pi) is linear
        // in c with slope 1. Expected: one-sided differences of the double-precision formulas,
        // taken inward over 1e-8 so they stay on the same side of the clamp.
        record Case(Margin margin, java.util.function.DoubleUnaryOperator target) {}
        Case[] cases = {
                new Case(new ArcFace(S, 0.5, true), c -> ReferenceMath.arcface(c, 0.5)),
                new Case(new SphereFace(S, 1.35, true), c -> ReferenceMath.sphereface(c, 1.35)),
                new Case(new SphereFace(S, 4, true), c -> ReferenceMath.sphereface(c, 4)),
                // past its threshold the combined target is c minus a constant: slope 1
                new Case(new CombinedMargin(S, 1.2, 0.3, 0.2, true),
                        c -> ReferenceMath.theta(c) > (Math.PI - 0.3) / 1.2 ? c : ReferenceMath.combined(c, 1.2, 0.3, 0.2)),
                new Case(new CurricularFace(S, 0.5, 0.99, true), c -> ReferenceMath.arcface(c, 0.5)),
                new Case(new CosFace(S, 0.4, true), c -> c - 0.4),
                new Case(new NormFace(S), c -> c)};
        double h = 1e-8;
        for (Case k : cases) {
            for (float c : new float[] {1f, -1f, 0.9999999f, -0.9999999f}) {
                double[] g = gradient(k.margin(), c, 0.3f);
                double inward = c > 0 ? -h : h;
                double slope = (k.target().applyAsDouble(c) - k.target().applyAsDouble(c + inward)) / -inward;
                assertThat(g[0]).as("%s target at %f", k.margin().describe(), c).isCloseTo(S * slope, within(1e-3));
                double negative = S;
                if (k.margin() instanceof CurricularFace cf && 0.3 > ReferenceMath.arcface(c, 0.5)) negative = S * (cf.t() + 2 * 0.3);
                assertThat(g[1]).as("%s negative 0.3 with target at %f", k.margin().describe(), c).isCloseTo(negative, within(1e-3));
            }
        }
    }
}
