package org.protoface.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves {@code train.precision} for a device, including {@code auto}, and says why.
 *
 * <p>{@code auto} on the CPU is bf16 when the CPU reports bfloat16 arithmetic ({@code avx512_bf16}:
 * AVX-512 bfloat16 dot products, or {@code amx_bf16}: AMX tiles), the instructions oneDNN's
 * bfloat16 convolution and matmul kernels need; without them oneDNN converts bfloat16 to float32
 * around every operation and bf16 is slower than fp32, so {@code auto} keeps fp32. On CUDA
 * {@code auto} is fp16 with loss scaling, the mixed precision every CUDA GPU with tensor cores
 * runs (arcface_torch's {@code fp16=True}). The decision reads the CPU's flags rather than trying
 * a bfloat16 kernel and catching a failure: emulated bfloat16 does not fail, it is only slow.
 *
 * @param precision what the run uses
 * @param reason    one line for the run log, e.g. "auto: the CPU reports avx512_bf16 ..."
 */
public record PrecisionChoice(Precision precision, String reason) {
    /** CPU flags (as /proc/cpuinfo spells them) that give native bfloat16 arithmetic. */
    public static final List<String> BF16_FLAGS = List.of("avx512_bf16", "amx_bf16");

    /**
     * @param requested the config value: fp32, bf16, fp16 or auto
     * @param device    where the run computes
     * @param cpuFlags  the CPU's feature flags ({@link #cpuFlags()}); only read for the CPU
     * @throws IllegalArgumentException naming {@code train.precision} for an unknown value, or for
     *                                  fp16 on the CPU
     */
    public static PrecisionChoice resolve(String requested, Device device, Set<String> cpuFlags) {
        String r = requested == null ? "" : requested.trim().toLowerCase(Locale.ROOT);
        List<String> bf16 = BF16_FLAGS.stream().filter(cpuFlags::contains).toList();
        if (r.equals("auto")) {
            if (!device.isCpu()) {
                return new PrecisionChoice(Precision.FP16, "auto on " + device + ": fp16 autocast with dynamic loss scaling");
            }
            if (!bf16.isEmpty()) {
                return new PrecisionChoice(Precision.BF16, "auto: the CPU reports " + String.join(" and ", bf16)
                        + ", so oneDNN runs bfloat16 convolutions and matmuls natively");
            }
            return new PrecisionChoice(Precision.FP32, "auto: the CPU reports neither " + String.join(" nor ", BF16_FLAGS)
                    + ", so bfloat16 would be emulated (slower than fp32)");
        }
        Precision p = Precision.parse(r);
        if (p == Precision.FP16 && device.isCpu()) {
            throw new IllegalArgumentException("train.precision fp16 needs a CUDA device (train.device is " + device
                    + "): libtorch's CPU kernels have no fast float16 path; use bf16 or fp32 on the CPU");
        }
        if (p == Precision.BF16 && device.isCpu() && bf16.isEmpty()) {
            return new PrecisionChoice(p, "bf16 as configured, but the CPU reports neither " + String.join(" nor ", BF16_FLAGS)
                    + ": bfloat16 is emulated and likely slower than fp32");
        }
        return new PrecisionChoice(p, p.key() + " as configured");
    }

    /** The CPU's feature flags from the first "flags" line of /proc/cpuinfo; empty where there is none. */
    public static Set<String> cpuFlags() {
        return cpuFlags(Path.of("/proc/cpuinfo"));
    }

    static Set<String> cpuFlags(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                    return new TreeSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a restricted /proc: no flags means no claim of bfloat16 support
        }
        return Set.of();
    }
}
