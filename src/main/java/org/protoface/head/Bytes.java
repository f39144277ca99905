package org.protoface.head;

import java.util.Locale;

/** Formats byte counts for messages and logs. */
public final class Bytes {
    public static final long GIB = 1L << 30;

    private Bytes() {}

    /** Bytes as GiB with two decimals and a dot separator whatever the locale, e.g. "38.15". */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (double) GIB);
    }
}
