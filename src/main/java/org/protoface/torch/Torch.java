package org.protoface.torch;

import org.bytedeco.pytorch.global.torch;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process-wide libtorch setup. Every entry point calls {@link #init()} before touching a tensor so
 * that JavaCPP unpacks its natives somewhere writable even when the home directory is read-only,
 * and so that they are loaded through {@link NativeLibraries}: the bundled copies only, whatever
 * libtorch or CUDA the machine holds.
 */
public final class Torch {
    public static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";
    public static final String THREADS_PROPERTY = "protoface.torch.threads";
    private static volatile boolean initialised;

    private Torch() {}

    /** Loads libtorch once. Honours {@code -Dorg.bytedeco.javacpp.cachedir}; else uses ./target/javacpp-cache. */
    public static synchronized void init() {
        if (initialised) return;
        if (System.getProperty(CACHE_PROPERTY) == null) {
            Path fallback = Path.of(System.getProperty("user.dir"), "target", "javacpp-cache");
            try {
                Files.createDirectories(fallback);
                System.setProperty(CACHE_PROPERTY, fallback.toString());
            } catch (Exception ignored) {
                // fall back to JavaCPP's own default (~/.javacpp/cache)
            }
        }
        // not Loader.load directly: on an empty cache it resolves libtorch_cpu.so from the system
        NativeLibraries.load(torch.class);
        initialised = true;
        // Tests pin this to 1: tiny tensors gain little from a second thread, and libtorch's
        // spinning worker threads slow down badly when other processes share the cores.
        String threads = System.getProperty(THREADS_PROPERTY);
        if (threads != null) torch.set_num_threads(Integer.parseInt(threads));
    }

    /** Intra-op threads used by libtorch kernels (defaults to the core count). */
    public static void setThreads(int threads) {
        init();
        if (threads > 0) torch.set_num_threads(threads);
    }

    /** libtorch's intra-op thread count (initialising libtorch first if needed). */
    public static int threads() {
        init();
        return torch.get_num_threads();
    }

    /** Seeds libtorch's global CPU generator (parameter init, dropout, randn). */
    public static void manualSeed(long seed) {
        init();
        torch.manual_seed(seed);
    }
}
