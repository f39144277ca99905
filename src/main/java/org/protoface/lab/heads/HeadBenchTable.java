package org.protoface.lab.heads;

import org.protoface.util.Bytes;

import java.util.List;
import java.util.Locale;

/** The console table of the scale benchmark: one line per (head, N). */
public final class HeadBenchTable {
    private HeadBenchTable() {}

    /** The rows as a fixed-width text table: head, classes, state, required bytes, ms/step, peak RSS and note. */
    public static String format(List<CaseResult> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-16s %14s %12s %12s %12s %12s  %s%n",
                "head", "classes", "state", "required", "ms/step", "peak RSS", "note"));
        for (CaseResult r : rows) {
            sb.append(String.format(Locale.ROOT, "%-16s %14d %12s %12s %12s %12s  %s%n",
                    r.head(), r.classes(), Bytes.format(r.stateBytes()), Bytes.format(r.requiredBytes()),
                    r.ran() ? String.format(Locale.ROOT, "%.2f", r.msPerStep()) : "-",
                    r.peakRssBytes() >= 0 ? Bytes.format(r.peakRssBytes()) : "-",
                    r.ran() ? r.note().replaceFirst("^ran;? ?", "") : r.note()));
        }
        return sb.toString();
    }
}
