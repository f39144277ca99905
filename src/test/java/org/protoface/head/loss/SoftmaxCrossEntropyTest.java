package org.protoface.head.loss;

import org.protoface.head.ReferenceMath;
import org.protoface.head.margin.ArcFace;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SoftmaxCrossEntropyTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static final double[][] LOGITS = {
            {64.0, -64.0, 63.5, 10.0},      // s = 64 scale, a close competitor
            {-25.6, 40.0, -64.0, 12.8},
            {1000.0, -1000.0, 999.0, 0.0},  // exp(1000) overflows float and double without the max shift
            {-64.0, -64.0, -64.0, -64.0}};  // uniform: loss = log 4
    private static final int[] TARGETS = {2, 1, 0, 3};

    private static Tensor tensor(double[][] m) {
        float[] flat = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) flat[i * m[0].length + j] = (float) m[i][j];
        return Tensors.of(flat, m.length, m[0].length);
    }

    private static Tensor targets() {
        return Tensors.ofInts(TARGETS);
    }

    @Test
    void meanCrossEntropyMatchesLogSumExpWithLargeLogits() {
        try (PointerScope scope = new PointerScope()) {
            Tensor logits = tensor(LOGITS);
            double loss = new SoftmaxCrossEntropy().loss(logits, logits, targets()).item_double();
            double expected = ReferenceMath.crossEntropy(LOGITS, TARGETS);
            assertThat(loss).isFinite().isCloseTo(expected, within(1e-4 * Math.max(1, expected)));
            // row 4 alone is log 4, a sanity check of the reference itself
            assertThat(ReferenceMath.crossEntropy(new double[][] {LOGITS[3]}, new int[] {3})).isCloseTo(Math.log(4), within(1e-12));
        }
    }

    @Test
    void gradientIsSoftmaxMinusOneHotOverBatch() {
        try (PointerScope scope = new PointerScope()) {
            Tensor logits = tensor(LOGITS);
            logits.set_requires_grad(true);
            new SoftmaxCrossEntropy().loss(logits, logits, targets()).backward();
            float[] g = Tensors.floats(logits.grad());
            int b = LOGITS.length, c = LOGITS[0].length;
            for (int i = 0; i < b; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : LOGITS[i]) max = Math.max(max, v);
                double sum = 0;
                for (double v : LOGITS[i]) sum += Math.exp(v - max);
                for (int j = 0; j < c; j++) {
                    double p = Math.exp(LOGITS[i][j] - max) / sum;
                    double expected = (p - (j == TARGETS[i] ? 1 : 0)) / b;
                    assertThat((double) g[i * c + j]).as("row %d col %d", i, j).isCloseTo(expected, within(1e-5));
                }
            }
        }
    }

    @Test
    void arcFaceLogitsAtScale64GiveAFiniteLoss() {
        try (PointerScope scope = new PointerScope()) {
            Tensor cos = Tensors.of(new float[] {1f, -1f, 0.99f, -0.999f, 0.5f, 1f}, 2, 3);
            Tensor targets = Tensors.ofLongs(1L, 0L);
            Tensor logits = new ArcFace(64, 0.5, true).logits(cos, targets);
            double loss = new SoftmaxCrossEntropy().loss(logits, cos, targets).item_double();
            // the same loss in doubles from the definitions: targets at cos -1 and -0.999 are in ArcFace's
            // fallback region, so their logits (about -79) sit far below the row maxima (64): exp would
            // underflow without the max subtracted
            float[][] c = {{1f, -1f, 0.99f}, {-0.999f, 0.5f, 1f}};
            int[] t = {1, 0};
            double[][] reference = new double[2][3];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) reference[i][j] = 64 * (j == t[i] ? ReferenceMath.arcface(c[i][j], 0.5) : c[i][j]);
            }
            double expected = ReferenceMath.crossEntropy(reference, t);
            assertThat(expected).isGreaterThan(100);
            assertThat(loss).isCloseTo(expected, within(1e-5 * expected));
        }
    }
}
