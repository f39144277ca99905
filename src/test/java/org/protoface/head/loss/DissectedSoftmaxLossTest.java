package org.protoface.head.loss;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Torch;
import org.protoface.torch.Tensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DissectedSoftmaxLossTest {

    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static Tensor leaf(double[][] values) {
        int rows = values.length, cols = values[0].length;
        float[] flat = new float[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) flat[i * cols + j] = (float) values[i][j];
        Tensor t = Tensors.of(flat, rows, cols);
        t.set_requires_grad(true);
        return t;
    }

    @Test
    void lossAndGradientMatchTheFormulaByHand() {
        double s = 10, d = 0.9, t = 0.1;
        double[][] cos = {{0.8, 0.1, -0.3}, {0.2, 0.5, 0.95}};
        int[] target = {0, 2};
        Tensor cosines = leaf(cos);
        Tensor loss = new DissectedSoftmaxLoss(s, d, t).loss(Tensors.zeros(2, 3), cosines, Tensors.ofLongs(0, 2));
        loss.backward();

        // row 0: intra log(1 + e^{10 (0.9 - 0.8)}) = log(1 + e), inter log(1 + e^{10 (0.1 - 0.1)} + e^{10 (-0.3 - 0.1)})
        double row0 = Math.log(1 + Math.E) + Math.log(1 + 1 + Math.exp(-4));
        // row 1: intra log(1 + e^{10 (0.9 - 0.95)}), inter log(1 + e^{10 (0.2 - 0.1)} + e^{10 (0.5 - 0.1)})
        double row1 = Math.log(1 + Math.exp(-0.5)) + Math.log(1 + Math.exp(1) + Math.exp(4));
        assertThat(loss.item_double()).isCloseTo((row0 + row1) / 2, within(1e-5));

        float[] grad = Tensors.floats(cosines.grad());
        for (int i = 0; i < 2; i++) {
            double denominator = 1;
            for (int j = 0; j < 3; j++) if (j != target[i]) denominator += Math.exp(s * (cos[i][j] - t));
            for (int j = 0; j < 3; j++) {
                double expected;
                if (j == target[i]) {
                    double e = Math.exp(s * (d - cos[i][j]));
                    expected = -s * e / (1 + e) / 2; // mean over the 2 rows
                } else {
                    expected = s * Math.exp(s * (cos[i][j] - t)) / denominator / 2;
                }
                assertThat((double) grad[i * 3 + j]).as("d loss / d cos[%d][%d]", i, j).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void staysFiniteAtTheDefaultScaleAndIgnoresTheLogits() {
        // target cosine -1 and negatives at +1: both terms are ~ s * 1.9 and s * 1 + log(2); naive exp(64 * 1.9) fits
        // in double but overflows float32, so this only passes with the max-subtracted evaluation.
        Tensor cosines = leaf(new double[][] {{-1.0, 1.0, 1.0}});
        Tensor loss = new DissectedSoftmaxLoss().loss(Tensors.zeros(1, 3).add(new org.bytedeco.pytorch.Scalar(1e30)),
                cosines, Tensors.ofLongs(0));
        double expected = 64 * 1.9 + Math.log1p(Math.exp(-64 * 1.9)) + 64 + Math.log(2 + Math.exp(-64));
        assertThat(loss.item_double()).isCloseTo(expected, within(1e-3));
    }

    @Test
    void withOnlyTheTargetColumnTheInterTermIsZero() {
        Tensor cosines = leaf(new double[][] {{0.5}});
        Tensor loss = new DissectedSoftmaxLoss(2, 0.5, 0).loss(Tensors.zeros(1, 1), cosines, Tensors.ofLongs(0));
        assertThat(loss.item_double()).isCloseTo(Math.log(2), within(1e-6));
    }

    @Test
    void rejectsBadOptionsAndShapes() {
        assertThatThrownBy(() -> new DissectedSoftmaxLoss(0, 0.9, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new DissectedSoftmaxLoss(64, 1.5, 0)).hasMessageContaining("intra_threshold");
        assertThatThrownBy(() -> new DissectedSoftmaxLoss().loss(Tensors.zeros(2, 3), Tensors.zeros(2, 3), Tensors.ofLongs(0)))
                .hasMessageContaining("B x C cosines and B targets");
    }
}
