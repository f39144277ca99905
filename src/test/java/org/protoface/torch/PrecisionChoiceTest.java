package org.protoface.torch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.config.Config;
import org.protoface.train.LoopConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrecisionChoiceTest {
    /** Flags of a Zen 4 EPYC (this machine, abridged): AVX-512 with bfloat16 dot products, no AMX. */
    private static final Set<String> ZEN4 = Set.of("fpu", "sse2", "avx2", "avx512f", "avx512bw", "avx512_bf16", "avx512_vnni");
    /** A Sapphire Rapids Xeon (abridged): AMX tiles as well. */
    private static final Set<String> SAPPHIRE_RAPIDS = Set.of("avx512f", "avx512_bf16", "amx_bf16", "amx_tile", "amx_int8");
    /** A Skylake-SP Xeon: AVX-512 but no bfloat16 instruction. */
    private static final Set<String> SKYLAKE = Set.of("avx2", "avx512f", "avx512bw", "avx512dq", "avx512vl");
    /** An AVX2-only laptop. */
    private static final Set<String> AVX2_ONLY = Set.of("sse4_2", "avx", "avx2", "fma");

    @Test
    void theCpuPresetAsksForAutoWhichFollowsTheCpuFlags() {
        String preset = Config.load("cpu", List.of()).get(LoopConfig.SECTION).precision();
        assertThat(preset).isEqualTo("auto");
        PrecisionChoice zen4 = PrecisionChoice.resolve(preset, Device.CPU, ZEN4);
        assertThat(zen4.precision()).isEqualTo(Precision.BF16);
        assertThat(zen4.reason()).contains("avx512_bf16");
        PrecisionChoice spr = PrecisionChoice.resolve(preset, Device.CPU, SAPPHIRE_RAPIDS);
        assertThat(spr.precision()).isEqualTo(Precision.BF16);
        assertThat(spr.reason()).contains("avx512_bf16 and amx_bf16");
        assertThat(PrecisionChoice.resolve(preset, Device.CPU, Set.of("amx_bf16")).precision()).isEqualTo(Precision.BF16);
        for (Set<String> without : List.of(SKYLAKE, AVX2_ONLY, Set.<String>of())) {
            PrecisionChoice c = PrecisionChoice.resolve(preset, Device.CPU, without);
            assertThat(c.precision()).as("flags %s", without).isEqualTo(Precision.FP32);
            assertThat(c.reason()).contains("neither avx512_bf16 nor amx_bf16");
        }
    }

    @Test
    void explicitValuesAreKeptAndBf16WithoutTheInstructionsSaysItIsEmulated() {
        assertThat(PrecisionChoice.resolve("fp32", Device.CPU, ZEN4).precision()).isEqualTo(Precision.FP32);
        assertThat(PrecisionChoice.resolve(" BF16 ", Device.CPU, ZEN4).precision()).isEqualTo(Precision.BF16);
        PrecisionChoice emulated = PrecisionChoice.resolve("bf16", Device.CPU, SKYLAKE);
        assertThat(emulated.precision()).isEqualTo(Precision.BF16);
        assertThat(emulated.reason()).contains("emulated");
    }

    @Test
    void fp16OnTheCpuAndUnknownValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> PrecisionChoice.resolve("fp16", Device.CPU, ZEN4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train.precision fp16 needs a CUDA device")
                .hasMessageContaining("use bf16 or fp32");
        assertThatThrownBy(() -> PrecisionChoice.resolve("fp8", Device.CPU, ZEN4))
                .hasMessageContaining("train.precision must be fp32, bf16, fp16 or auto, got 'fp8'");
    }

    @Test
    void cpuFlagsComeFromTheFirstFlagsLineOfCpuinfo(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu avx2 avx512f avx512_bf16\n"
                + "bugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: fpu other\n");
        assertThat(PrecisionChoice.cpuFlags(cpuinfo)).containsExactlyInAnyOrder("fpu", "avx2", "avx512f", "avx512_bf16");
        assertThat(PrecisionChoice.cpuFlags(dir.resolve("missing"))).isEmpty();
    }
}
