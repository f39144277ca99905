package org.protoface.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process memory as the kernel sees it (heap + native), read from /proc on Linux. */
public final class NativeMemory {
    private NativeMemory() {}

    /** Current resident set size in bytes, or -1 where /proc is unavailable. */
    public static long residentBytes() {
        return statusField("VmRSS:");
    }

    /** Peak resident set size in bytes since process start, or -1. */
    public static long peakResidentBytes() {
        return statusField("VmHWM:");
    }

    /** Physical memory still available to new allocations (MemAvailable), or -1. */
    public static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) return kib(line);
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return -1;
    }

    private static long statusField(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return kib(line);
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return -1;
    }

    private static long kib(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024L;
    }
}
