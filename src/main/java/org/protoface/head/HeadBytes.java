package org.protoface.head;

import java.util.Locale;

/** Human-readable byte counts in binary units, e.g. 2_050_000_000 -> "1.91 GiB". */
public final class HeadBytes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HeadBytes() {}

    /** Whole bytes below 1 KiB ("512 B"); otherwise the largest unit keeping the value >= 1, two decimals. */
    public static String format(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("byte count must be >= 0, got " + bytes);
        if (bytes < 1024) return bytes + " B";
        int unit = 0;
        double value = bytes;
        // 1023.996 KiB would print as "1024.00 KiB": move up a unit when rounding would reach 1024.
        while (value >= 1024 - 0.005 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, UNITS[unit]);
    }
}
