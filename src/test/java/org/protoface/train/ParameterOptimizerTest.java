package org.protoface.train;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ParameterOptimizerTest {
    // gradients of sum(w * c) are c: joint norm sqrt(3^2 + 4^2 + 12^2) = 13
    private static final float[] C1 = {3f, 4f};
    private static final float[] C2 = {12f};

    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static OptimConfig optim(double clip) {
        return new OptimConfig("sgd", 0.1, 0.9, 0.0, false, clip, 0.9, 0.999, 1e-8);
    }

    /** Parameters w1 (2), w2 (1) with gradients C1, C2, and w3 (1) that the loss never touches. */
    private static List<Tensor> parametersWithGradients() {
        Tensor w1 = Tensors.of(new float[] {1f, -1f}, 2).requires_grad_(true);
        Tensor w2 = Tensors.of(new float[] {0.5f}, 1).requires_grad_(true);
        Tensor w3 = Tensors.of(new float[] {2f}, 1).requires_grad_(true);
        w1.mul(Tensors.of(C1, 2)).sum().add(w2.mul(Tensors.of(C2, 1)).sum()).backward();
        return List.of(w1, w2, w3);
    }

    @Test
    void clipZeroMeasuresTheNormAndLeavesGradientsAlone() {
        List<Tensor> p = parametersWithGradients();
        ParameterOptimizer opt = new ParameterOptimizer(optim(0), p, List.of(), p);
        assertThat(opt.clipGradients()).isCloseTo(13.0, within(1e-5));
        assertThat(Tensors.floats(p.get(0).grad())).containsExactly(C1);
        assertThat(Tensors.floats(p.get(1).grad())).containsExactly(C2);
    }

    @Test
    void aPositiveLimitScalesTheGradientsDownToIt() {
        List<Tensor> p = parametersWithGradients();
        ParameterOptimizer opt = new ParameterOptimizer(optim(1.3), p, List.of(), p);
        assertThat(opt.clipGradients()).as("norm before clipping").isCloseTo(13.0, within(1e-5));
        // scaled by 1.3 / 13 = 0.1 (libtorch adds 1e-6 to the norm in the divisor)
        assertThat(Tensors.floats(p.get(0).grad())).containsExactly(new float[] {0.3f, 0.4f}, within(1e-5f));
        assertThat(Tensors.floats(p.get(1).grad())).containsExactly(new float[] {1.2f}, within(1e-5f));
    }

    @Test
    void aNegativeLimitIsRejectedNamingTheKey() {
        List<Tensor> p = parametersWithGradients();
        assertThatThrownBy(() -> new ParameterOptimizer(optim(-1), p, List.of(), p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optim.clip_grad_norm must be >= 0 (0 = off), got -1.0");
    }
}
