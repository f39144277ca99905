package org.protoface.testing;

import org.protoface.torch.NativeMemory;

/**
 * Resident-memory readings for tests that measure memory. Where /proc is missing NativeMemory
 * answers -1, and a difference of two such readings is 0: a memory test would pass without
 * measuring anything. These readings fail the test instead, saying why.
 */
public final class ResidentMemory {
    private ResidentMemory() {}

    /** Current resident set size in bytes; fails the calling test when it cannot be read. */
    public static long bytes() {
        long rss = NativeMemory.residentBytes();
        if (rss < 0) {
            throw new AssertionError("resident memory is unreadable here (no /proc/self/status VmRSS): "
                    + "this test measures memory and cannot pass without it");
        }
        return rss;
    }

    /**
     * Resets the kernel's peak resident size (VmHWM) to the current one, so that
     * {@link org.protoface.torch.NativeMemory#peakResidentBytes()} then reports the peak of what
     * follows; fails the calling test where /proc/self/clear_refs cannot be written.
     */
    public static void resetPeak() {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/proc/self/clear_refs"), "5");
        } catch (java.io.IOException | RuntimeException e) {
            throw new AssertionError("cannot reset the peak resident size (/proc/self/clear_refs): " + e
                    + "; this test measures a peak and cannot pass without it", e);
        }
    }

    /** Fails the calling test unless resident memory can be read (for readings taken elsewhere, e.g. a child JVM). */
    public static void requireReadable() {
        bytes();
    }
}
