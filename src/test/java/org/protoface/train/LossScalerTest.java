package org.protoface.train;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The scaler's rule alone, on CPU tensors whose gradients the test sets. */
class LossScalerTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** A leaf with {@code gradient} as its .grad (the values backward would have left). */
    private static Tensor withGradient(float... gradient) {
        Tensor p = Tensors.zeros(gradient.length);
        p.set_requires_grad(true);
        p.mul(Tensors.of(gradient, gradient.length)).sum().backward();
        return p;
    }

    @Test
    void finiteGradientsAreDividedByTheScaleAndTheStepGoesAhead() {
        LossScaler scaler = new LossScaler();
        Tensor a = withGradient(65536f, -131072f, 3f * 65536f);
        Tensor b = withGradient(32768f);
        assertThat(scaler.unscale(new TensorVector(a, b))).isTrue();
        // a power-of-two scale divides exactly
        assertThat(Tensors.floats(a.grad())).containsExactly(1f, -2f, 3f);
        assertThat(Tensors.floats(b.grad())).containsExactly(0.5f);
        scaler.update(true);
        assertThat(scaler.scale()).isEqualTo(65536.0);
        assertThat(scaler.finiteSteps()).isEqualTo(1);
    }

    @Test
    void anInjectedInfOrNanGradientSkipsTheStepAndHalvesTheScale() {
        LossScaler scaler = new LossScaler(1024, 2, 0.5, 3);
        scaler.update(true);
        scaler.update(true);
        assertThat(scaler.finiteSteps()).isEqualTo(2);
        Tensor fine = withGradient(1f, 2f);
        Tensor overflowed = withGradient(4f, Float.POSITIVE_INFINITY, 5f);
        assertThat(scaler.unscale(new TensorVector(fine, overflowed))).isFalse();
        scaler.update(false);
        assertThat(scaler.scale()).isEqualTo(512.0);
        // the count of finite steps starts again: growth needs a full interval after the overflow
        assertThat(scaler.finiteSteps()).isZero();
        assertThat(scaler.unscale(new TensorVector(withGradient(Float.NaN)))).isFalse();
        scaler.update(false);
        assertThat(scaler.scale()).isEqualTo(256.0);
    }

    @Test
    void theScaleDoublesAfterTheGrowthIntervalOfFiniteSteps() {
        LossScaler scaler = new LossScaler(1024, 2, 0.5, 3);
        scaler.update(true);
        scaler.update(true);
        assertThat(scaler.scale()).isEqualTo(1024.0);
        scaler.update(true);
        assertThat(scaler.scale()).isEqualTo(2048.0);
        assertThat(scaler.finiteSteps()).isZero();
    }

    @Test
    void theStateSurvivesACheckpoint(@TempDir Path dir) {
        LossScaler scaler = new LossScaler(1024, 2, 0.5, 100);
        scaler.update(false);
        scaler.update(true);
        scaler.update(true);
        OutputArchive out = new OutputArchive();
        scaler.save(out);
        Path file = dir.resolve("scaler.pt");
        out.save_to(file.toString());
        InputArchive in = new InputArchive();
        in.load_from(file.toString());
        LossScaler restored = new LossScaler(1024, 2, 0.5, 100);
        assertThat(restored.load(in)).isTrue();
        assertThat(restored.scale()).isEqualTo(512.0);
        assertThat(restored.finiteSteps()).isEqualTo(2);
        assertThat(new LossScaler().load(new InputArchive())).as("a checkpoint without a scaler").isFalse();
    }
}
