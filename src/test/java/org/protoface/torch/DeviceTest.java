package org.protoface.torch;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceTest {
    @Test
    void cpuIsAlwaysThereAndMakesCpuTensors() {
        Device cpu = Device.parse(" CPU ");
        assertThat(cpu.isCpu()).isTrue();
        assertThat(cpu.zeros(2, 3).is_cpu()).isTrue();
        assertThat(Tensors.floats(cpu.floats(new float[] {1, 2, 3}, 3))).containsExactly(1, 2, 3);
        assertThat(Tensors.longs(cpu.longs(4, 5))).containsExactly(4, 5);
    }

    @Test
    void unknownAndUnavailableDevicesAreNamed() {
        assertThatThrownBy(() -> Device.parse("gpu")).hasMessageContaining("unknown device 'gpu'").hasMessageContaining("cpu, cuda or cuda:N");
        assertThatThrownBy(() -> Device.parse("cuda:x")).hasMessageContaining("unknown device 'cuda:x'");
        Torch.init();
        if (!torch.cuda_is_available()) {
            // the CPU build: any CUDA device is refused, naming it and what to do
            assertThatThrownBy(() -> Device.parse("cuda")).hasMessageContaining("device 'cuda' is not available")
                    .hasMessageContaining("-Pgpu");
            assertThatThrownBy(() -> Device.parse("cuda:1")).hasMessageContaining("device 'cuda:1' is not available");
        } else {
            int count = torch.cuda_device_count();
            assertThatThrownBy(() -> Device.parse("cuda:" + count)).hasMessageContaining("has " + count + " CUDA device");
        }
    }
}
