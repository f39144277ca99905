package org.protoface.torch;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutocastTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static int dtypeValue() {
        return Autocast.dtype(Device.CPU).value;
    }

    @Test
    void aBf16ScopeRunsLinearLayersInBf16AndRestoresTheStateFoundOnEntry() {
        boolean enabledBefore = Autocast.isEnabled(Device.CPU);
        int dtypeBefore = dtypeValue();
        LinearImpl fc = Layers.linear(8, 4, true);
        Tensor inside;
        try (Autocast ignored = Autocast.enable(Device.CPU, torch.ScalarType.BFloat16)) {
            assertThat(Autocast.isEnabled(Device.CPU)).isTrue();
            assertThat(dtypeValue()).isEqualTo(torch.ScalarType.BFloat16.value);
            inside = fc.forward(Tensors.randn(2, 8));
        }
        assertThat(Tensors.hasType(inside, torch.ScalarType.BFloat16)).isTrue();
        // the weights the optimizer updates stay float32
        assertThat(Tensors.hasType(fc.weight(), torch.ScalarType.Float)).isTrue();
        assertThat(Autocast.isEnabled(Device.CPU)).isEqualTo(enabledBefore);
        assertThat(dtypeValue()).isEqualTo(dtypeBefore);
        assertThat(Tensors.hasType(fc.forward(Tensors.randn(2, 8)), torch.ScalarType.Float)).isTrue();
    }

    @Test
    void anExceptionInsideNestedScopesRestoresEachOuterState() {
        boolean enabledBefore = Autocast.isEnabled(Device.CPU);
        int dtypeBefore = dtypeValue();
        try (Autocast outer = Autocast.enable(Device.CPU, torch.ScalarType.Half)) {
            assertThatThrownBy(() -> {
                try (Autocast inner = Autocast.enable(Device.CPU, torch.ScalarType.BFloat16)) {
                    assertThat(dtypeValue()).isEqualTo(torch.ScalarType.BFloat16.value);
                    throw new IllegalStateException("failure inside the scope");
                }
            }).hasMessage("failure inside the scope");
            // back in the outer scope: still on, with the outer dtype
            assertThat(Autocast.isEnabled(Device.CPU)).isTrue();
            assertThat(dtypeValue()).isEqualTo(torch.ScalarType.Half.value);
        }
        assertThat(Autocast.isEnabled(Device.CPU)).isEqualTo(enabledBefore);
        assertThat(dtypeValue()).isEqualTo(dtypeBefore);
    }

    @Test
    void closingTwiceAndTheFp32ScopeChangeNothing() {
        boolean enabledBefore = Autocast.isEnabled(Device.CPU);
        int dtypeBefore = dtypeValue();
        try (Autocast outer = Autocast.enable(Device.CPU, torch.ScalarType.BFloat16)) {
            Autocast inner = Autocast.enable(Device.CPU, torch.ScalarType.Half);
            inner.close();
            inner.close(); // a second close must not restore (and so disable) again
            assertThat(Autocast.isEnabled(Device.CPU)).isTrue();
            assertThat(dtypeValue()).isEqualTo(torch.ScalarType.BFloat16.value);
            try (Autocast none = Precision.FP32.autocast(Device.CPU)) {
                assertThat(Autocast.isEnabled(Device.CPU)).isTrue();
                assertThat(dtypeValue()).isEqualTo(torch.ScalarType.BFloat16.value);
            }
        }
        assertThat(Autocast.isEnabled(Device.CPU)).isEqualTo(enabledBefore);
        assertThat(dtypeValue()).isEqualTo(dtypeBefore);
    }
}
