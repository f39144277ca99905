package org.protoface.lab.heads;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One head of the scale benchmark, written as on the command line: {@code full},
 * {@code pfc:RATE} (Partial FC, sample rate), {@code dsoftmax:K} (D-Softmax-K, sampled negatives)
 * or {@code pm:M} (Prototype Memory, memory slots).
 *
 * @param kind      the {@code head:} config value: full, pfc, dsoftmax or pm
 * @param parameter the rate, K or M; 0 for full
 * @param label     the text the user wrote, normalised (e.g. "pfc:0.1"); names the series
 */
public record HeadCase(String kind, double parameter, String label) {
    public static final String SYNTAX = "full, pfc:RATE, dsoftmax:K, pm:M";

    public HeadCase {
        switch (kind) {
            case "full" -> { }
            case "pfc" -> {
                if (!(parameter >= 0 && parameter <= 1)) throw bad(label, "the Partial FC sample rate must be in [0, 1]");
            }
            case "dsoftmax", "pm" -> {
                if (parameter < 1 || parameter != Math.rint(parameter) || parameter > Integer.MAX_VALUE) {
                    throw bad(label, "the " + ("pm".equals(kind) ? "memory size M" : "negative count K") + " must be a positive integer");
                }
            }
            default -> throw bad(label, "unknown head kind '" + kind + "'");
        }
    }

    /** Parses one head, e.g. "pfc:0.1". */
    public static HeadCase parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String kind = colon < 0 ? t : t.substring(0, colon);
        if (kind.equals("full")) {
            if (colon >= 0) throw bad(text, "full takes no parameter");
            return new HeadCase("full", 0, "full");
        }
        if (colon < 0) throw bad(text, "'" + kind + "' needs a parameter");
        String value = t.substring(colon + 1);
        double p;
        try {
            p = new BigDecimal(value).doubleValue();
        } catch (NumberFormatException e) {
            throw bad(text, "'" + value + "' is not a number");
        }
        String shown = kind.equals("pfc") ? new BigDecimal(value).stripTrailingZeros().toPlainString()
                : Long.toString((long) p);
        return new HeadCase(kind, p, kind + ":" + shown);
    }

    /** Parses a comma-separated list, e.g. "full,pfc:0.1,dsoftmax:1024,pm:65536". */
    public static List<HeadCase> parseList(String csv) {
        List<HeadCase> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) continue;
            HeadCase c = parse(part);
            if (out.stream().anyMatch(o -> o.label.equals(c.label))) throw bad(part, "listed twice");
            out.add(c);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no head given (expected a list of " + SYNTAX + ")");
        return out;
    }

    /** The {@code --set} overrides that make a config build this head through the heads factory. */
    public List<String> configOverrides() {
        return switch (kind) {
            case "full" -> List.of("head=full");
            case "pfc" -> List.of("head=pfc", "pfc.sample_rate=" + BigDecimal.valueOf(parameter).toPlainString());
            case "dsoftmax" -> List.of("head=dsoftmax", "dsoftmax.negatives=" + (long) parameter);
            default -> List.of("head=pm", "pm.memory_size=" + (long) parameter);
        };
    }

    /** Whether the head keeps state for every class (so its size grows with N). */
    public boolean storesEveryClass() {
        return !kind.equals("pm");
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("head '" + text + "': " + why + " (expected one of " + SYNTAX + ")");
    }
}
