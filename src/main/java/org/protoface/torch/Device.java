package org.protoface.torch;

import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where tensors live ({@code train.device}: "cpu", "cuda" or "cuda:N"), and the one factory through
 * which the trainer, the heads, the loader hand-off and the evaluator create their tensors, so
 * that the same code runs on the CPU build and on the CUDA build ({@code -gpu} artifacts).
 *
 * <p>Java arrays always enter through the host: {@link #floats(float[], long...)} fills a host
 * tensor and copies it to the device. On the CPU that copy is skipped.
 */
public final class Device {
    public static final Device CPU = new Device("cpu", -1);
    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

    private final String name;
    private final int cudaIndex;

    private Device(String name, int cudaIndex) {
        this.name = name;
        this.cudaIndex = cudaIndex;
    }

    /**
     * Parses and checks a device name.
     *
     * @throws IllegalArgumentException naming the device when it is unknown, or when this build or
     *                                  machine has no such CUDA device
     */
    public static Device parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) return CPU;
        Matcher m = CUDA.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown device '" + spec + "': use cpu, cuda or cuda:N");
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        Torch.init();
        if (!torch.cuda_is_available()) {
            throw new IllegalArgumentException("device '" + spec + "' is not available: this libtorch has no usable CUDA "
                    + "(the CPU build, or no NVIDIA driver/GPU); build with 'mvn -Pgpu package' on a CUDA machine, or use device cpu");
        }
        int count = torch.cuda_device_count();
        if (index >= count) {
            throw new IllegalArgumentException("device '" + spec + "' is not available: this machine has " + count + " CUDA device(s), cuda:0.."
                    + (count - 1));
        }
        return new Device("cuda:" + index, index);
    }

    /** Whether this is the CPU (not a CUDA device). */
    public boolean isCpu() {
        return cudaIndex < 0;
    }

    /** libtorch's device object. */
    public org.bytedeco.pytorch.Device toTorch() {
        return isCpu() ? new org.bytedeco.pytorch.Device(torch.DeviceType.CPU)
                : new org.bytedeco.pytorch.Device(torch.DeviceType.CUDA, (byte) cudaIndex);
    }

    /** Options for new float32 tensors on this device. */
    public TensorOptions floatOptions() {
        return on(new TensorOptions(torch.ScalarType.Float));
    }

    /** Options for new int64 tensors on this device. */
    public TensorOptions longOptions() {
        return on(new TensorOptions(torch.ScalarType.Long));
    }

    private TensorOptions on(TensorOptions o) {
        return isCpu() ? o : o.device(new DeviceOptional(toTorch()));
    }

    /** A float32 tensor of zeros. */
    public Tensor zeros(long... shape) {
        return torch.zeros(shape, floatOptions());
    }

    /** Standard normal float32 values from libtorch's default generator of this device. */
    public Tensor randn(long... shape) {
        return torch.randn(shape, floatOptions());
    }

    /** Copies {@code data} into a new float32 tensor of {@code shape} on this device. */
    public Tensor floats(float[] data, long... shape) {
        return put(Tensors.of(data, shape));
    }

    /** Copies {@code data} into a new int64 tensor of {@code shape} on this device. */
    public Tensor longs(long[] data, long... shape) {
        return put(Tensors.ofLongs(data, shape));
    }

    /** A 1-D int64 tensor on this device. */
    public Tensor longs(long... data) {
        return put(Tensors.ofLongs(data));
    }

    /** {@code t} on this device (the same tensor when it is there already). */
    public Tensor put(Tensor t) {
        return isCpu() && t.is_cpu() ? t : t.to(toTorch(), t.scalar_type());
    }

    /** Bytes a host-to-device copy of {@code t} moves (0 on the CPU, where nothing moves). */
    public long transferBytes(Tensor t) {
        return isCpu() ? 0 : t.numel() * t.element_size();
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
