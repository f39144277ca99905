package org.protoface.util;

import java.util.Locale;

/** Formats byte counts for messages and logs: exact GiB figures and human-readable binary units. */
public final class Bytes {
    public static final long GIB = 1L << 30;

    private Bytes() {}

    /** Bytes as GiB with two decimals and a dot separator whatever the locale, e.g. "38.15". */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (double) GIB);
    }

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};


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
