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

    /** Fails the calling test unless resident memory can be read (for readings taken elsewhere, e.g. a child JVM). */
    public static void requireReadable() {
        bytes();
    }
}
