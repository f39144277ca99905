package org.protoface.lab.heads;

import org.protoface.config.Config;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadKind;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One head of a benchmark, written as on the command line: a head kind's name, and for kinds with
 * a short parameter a number after a colon: {@code full}, {@code pfc:RATE} (Partial FC, sample
 * rate), {@code dsoftmax:K} (D-Softmax-K, sampled negatives), {@code pm:M} (Prototype Memory,
 * memory slots). Which kinds exist and what their number sets come from the head registry.
 *
 * @param kind      the {@code head:} config value
 * @param parameter the number after the colon as written (normalised), or empty
 * @param label     e.g. "pfc:0.1"; names the series
 */
public record HeadCase(String kind, String parameter, String label) {
    public static final String SYNTAX = "full, pfc:RATE, dsoftmax:K, pm:M";

    /** Parses one head, e.g. "pfc:0.1", and checks the value by binding the kind's section. */
    public static HeadCase parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        HeadKind<?> kind;
        try {
            kind = HeadKinds.named(name);
        } catch (IllegalArgumentException e) {
            throw bad(text, "unknown head kind '" + name + "'");
        }
        if (kind.shortParameter().isEmpty()) {
            if (colon >= 0) throw bad(text, name + " takes no parameter");
            return new HeadCase(name, "", name);
        }
        if (colon < 0) throw bad(text, "'" + name + "' needs a parameter (" + kind.shortParameter().get() + ")");
        String value = t.substring(colon + 1);
        String normalised;
        try {
            normalised = new BigDecimal(value).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            throw bad(text, "'" + value + "' is not a number");
        }
        HeadCase c = new HeadCase(name, normalised, name + ":" + normalised);
        try {
            // the kind's own section rules (ranges, integers) judge the value
            kind.section().ifPresent(c.config("base")::get);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
        return c;
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

    /** The {@code --set} overrides that make a config build this head through the head registry. */
    public List<String> configOverrides() {
        HeadKind<?> k = HeadKinds.named(kind);
        List<String> out = new ArrayList<>(List.of("head=" + kind));
        if (!parameter.isEmpty()) out.add(k.section().orElseThrow().key() + "." + k.shortParameter().orElseThrow() + "=" + parameter);
        return out;
    }

    /** {@code preset} with this head's overrides applied. */
    public Config config(String preset) {
        return Config.load(preset, configOverrides());
    }

    /** The number after the colon (0 when there is none). */
    public double parameterValue() {
        return parameter.isEmpty() ? 0 : Double.parseDouble(parameter);
    }

    /** What this head, built from {@code preset} with this case's overrides, needs for N = {@code classes}. */
    public HeadFootprint footprint(String preset, long classes, int dim, int batch, int batchClasses) {
        return footprint(preset, classes, dim, batch, batchClasses, 1);
    }

    /**
     * What one of {@code worldSize} ranks needs for this head at N = {@code classes} (the whole
     * job's N): a block of ceil(N / world) classes for a head that splits its classes, the whole
     * state for a replicated one.
     */
    public HeadFootprint footprint(String preset, long classes, int dim, int batch, int batchClasses, int worldSize) {
        return HeadKinds.footprint(config(preset), new HeadSize(classes, dim, batch, batchClasses), worldSize);
    }

    /**
     * The size to build for one of {@code worldSize} ranks: the rank's block ({@link HeadSize#perRank})
     * when the head's per-rank footprint is smaller than the whole one (it splits its classes), else the whole size.
     */
    public HeadSize rankSize(String preset, long classes, int dim, int batch, int batchClasses, int worldSize) {
        HeadSize whole = new HeadSize(classes, dim, batch, batchClasses);
        if (worldSize == 1) return whole;
        boolean splits = footprint(preset, classes, dim, batch, batchClasses, worldSize).stateBytes()
                < footprint(preset, classes, dim, batch, batchClasses).stateBytes();
        return splits ? whole.perRank(worldSize) : whole;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("head '" + text + "': " + why + " (expected one of " + SYNTAX + ")");
    }
}
