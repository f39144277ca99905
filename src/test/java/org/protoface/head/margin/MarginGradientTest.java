package org.protoface.head.margin;

import org.protoface.head.Margin;

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
    void gradientsStayFiniteAtCosinePlusMinusOne() {
        Margin[] margins = {
                new ArcFace(S, 0.5, true), new SphereFace(S, 1.35, true), new SphereFace(S, 4, true),
                new CombinedMargin(S, 1.2, 0.3, 0.2, true), new CurricularFace(S, 0.5, 0.99, true),
                new CosFace(S, 0.4, true), new NormFace(S)};
        for (Margin margin : margins) {
            for (float c : new float[] {1f, -1f, 0.9999999f, -0.9999999f}) {
                for (double g : gradient(margin, c, 0.3f)) {
                    assertThat(g).as("%s at %f", margin.describe(), c).isFinite();
                }
            }
        }
    }
}
