package org.protoface.torch;

import org.bytedeco.pytorch.global.torch;

/**
 * A scope in which libtorch's automatic mixed precision (autocast) is on for one device type,
 * restoring the previous state when it closes, even when the body throws. The bindings have no
 * guard class for this, so this is the one place that pairs the calls the way PyTorch's
 * {@code torch.autocast} context manager does: on entry remember whether autocast was enabled and
 * its dtype, enable it with the new dtype and increment the nesting count; on exit decrement the
 * nesting count, clear the cache of cast weights when the outermost scope ends, and restore the
 * remembered state.
 *
 * <p>Inside the scope, ops on autocast's lower-precision list (convolutions, matmuls, linear
 * layers) run in {@code dtype} on casts of their float32 inputs and weights; the weights
 * themselves stay float32 (the "master" copy the optimizer updates). Autocast state is per thread:
 * close the scope on the thread that opened it ({@code try}-with-resources does).
 */
public final class Autocast implements AutoCloseable {
    private static final Autocast NONE = new Autocast();

    private final torch.DeviceType deviceType;
    private final boolean wasEnabled;
    private final torch.ScalarType previousDtype;
    private boolean closed;

    private Autocast() {
        deviceType = null;
        wasEnabled = false;
        previousDtype = null;
    }

    private Autocast(torch.DeviceType deviceType, torch.ScalarType dtype) {
        this.deviceType = deviceType;
        this.wasEnabled = torch.is_autocast_enabled(deviceType);
        this.previousDtype = torch.get_autocast_dtype(deviceType);
        torch.set_autocast_enabled(deviceType, true);
        torch.set_autocast_dtype(deviceType, dtype);
        torch.increment_nesting();
    }

    /**
     * Turns autocast on for {@code device}'s type with {@code dtype} (BFloat16 or Half) until
     * {@link #close()}.
     */
    public static Autocast enable(Device device, torch.ScalarType dtype) {
        Torch.init();
        return new Autocast(device.isCpu() ? torch.DeviceType.CPU : torch.DeviceType.CUDA, dtype);
    }

    /** A scope that changes nothing (full float32): no libtorch call at all. */
    public static Autocast none() {
        return NONE;
    }

    /** Whether autocast is on for {@code device}'s type on this thread. */
    public static boolean isEnabled(Device device) {
        return torch.is_autocast_enabled(device.isCpu() ? torch.DeviceType.CPU : torch.DeviceType.CUDA);
    }

    /** The dtype autocast uses for {@code device}'s type on this thread (compared by value: see {@link Tensors#hasType}). */
    public static torch.ScalarType dtype(Device device) {
        return torch.get_autocast_dtype(device.isCpu() ? torch.DeviceType.CPU : torch.DeviceType.CUDA);
    }

    /** Restores the state found on entry; a second call does nothing. */
    @Override
    public void close() {
        if (deviceType == null || closed) return;
        closed = true;
        // the cache holds the lower-precision copies of the weights made inside the scope; it must
        // go when the outermost scope ends, or the next step would reuse copies of old weights
        if (torch.decrement_nesting() == 0) torch.clear_cache();
        torch.set_autocast_enabled(deviceType, wasEnabled);
        torch.set_autocast_dtype(deviceType, previousDtype);
    }
}
