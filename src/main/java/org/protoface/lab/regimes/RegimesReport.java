package org.protoface.lab.regimes;

import com.fasterxml.jackson.databind.JsonNode;
import org.protoface.config.Config;
import org.protoface.config.Section;
import org.protoface.head.registry.HeadKinds;
import org.protoface.lab.heads.HeadCase;
import org.protoface.lab.obsolescence.NegativeAgeSummary;
import org.protoface.util.JsonReports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The study's summary: a markdown report (tables per axis, the winner of each regime, each
 * method's own settings and why) and a JSON file with every cell's result.
 */
public final class RegimesReport {
    /**
     * Why a method's own setting differs from its kind's default, keyed "section.key"; shown next
     * to the setting. A changed setting without an entry here is shown as "no measurement given".
     */
    static final Map<String, String> JUSTIFICATIONS = Map.of(
            "dsoftmax.scale", "the cpu preset's value, its margin's scale: at s = 64 this 128-d, 32 px encoder reached "
                    + "0.605 in 1,000 steps, at s = 30 0.879 (README, Heads on the default preset; docs/heads/dsoftmax-scale.md)");

    private RegimesReport() {}

    /** A cell and its result (null when it has not run yet). */
    public record Entry(RegimeCell cell, CellResult result) {}

    /**
     * The study's markdown report: the passes-per-identity table at a fixed image budget and the training-length
     * table, with {@code threadsNote} on the threads used.
     */
    public static String markdown(RegimesPlan plan, List<Entry> passes, List<Entry> lengths, String threadsNote) {
        StringBuilder sb = new StringBuilder();
        long base = plan.baseSteps();
        RegimeCell any = passes.isEmpty() ? lengths.get(0).cell() : passes.get(0).cell();
        sb.append(String.format(Locale.ROOT, "Image budget per run on the passes axis: %,d steps x %d images = %,d images "
                + "(%d identities x %d images per batch).%n%n", base, any.batchSize(), base * any.batchSize(), any.batchIdentities(),
                any.batchSize() / any.batchIdentities()));
        sb.append("### Passes per identity at a fixed image budget\n\n");
        table(sb, passes, true);
        sb.append("\n### Training length on ").append(plan.baseData()).append("\n\n");
        table(sb, lengths, false);
        sb.append("\n### Best method per regime\n\n");
        winners(sb, plan, passes, lengths);
        sb.append("\n### Each method's own settings\n\n");
        settings(sb, plan);
        sb.append('\n');
        notes(sb, plan, threadsNote);
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Entry> entries, boolean passesAxis) {
        sb.append(passesAxis ? "| data (ids x imgs) | passes / identity | views / image |" : "| steps | passes / identity |")
                .append(" method | accuracy | TAR@FAR=1e-3 | vs raw pixels | negatives / step | neg. age mean | p99 | drift cos "
                        + "| weight norm p10 / p50 / p90 | target cos | images/s |\n");
        sb.append(passesAxis ? "|---|---|---|" : "|---|---|").append("---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Entry e : entries) {
            RegimeCell c = e.cell();
            String lead = passesAxis
                    ? String.format(Locale.ROOT, "| %s | %s | %s |", c.data(), number(c.passesPerIdentity()), number(c.viewsPerImage()))
                    : String.format(Locale.ROOT, "| %,d | %s |", c.steps(), number(c.passesPerIdentity()));
            sb.append(lead).append(' ').append(c.method().label()).append(" | ");
            CellResult r = e.result();
            if (r == null || !r.ran()) {
                sb.append(r == null ? "not run yet" : r.status()).append(" |  |  |  |  |  |  |  |  |  |\n");
                continue;
            }
            NegativeAgeSummary a = r.ages();
            String mark = r.agesByConstruction() ? " *" : "";
            sb.append(String.format(Locale.ROOT, "%.4f ± %.4f | %s | %s | %s%s | %s%s | %s%s | %s | %s | %s | %.0f |%n",
                    r.accuracy(), r.evaluation().accuracyStd(), fraction(r.evaluation().tar("1e-3")), points(r.accuracy() - r.rawPixels()),
                    number(r.negativesPerStep()), mark, number(a.mean()), mark, number(a.p99()), mark,
                    a.linesWithDrift() > 0 ? String.format(Locale.ROOT, "%.3f", a.driftCos()) : "n/a", norms(r),
                    Double.isNaN(r.targetCos()) ? "n/a" : String.format(Locale.ROOT, "%.3f", r.targetCos()), r.imagesPerSecond()));
        }
    }

    /** "1 pass", "16 passes", "0.25 passes". */
    private static String passes(double n) {
        return number(n) + (n == 1 ? " pass" : " passes");
    }

    /** Per regime: the best method, its lead over the runner-up, and Prototype Memory against the best other method. */
    private static void winners(StringBuilder sb, RegimesPlan plan, List<Entry> passes, List<Entry> lengths) {
        sb.append("| regime | best | accuracy | lead over the next | Prototype Memory minus the best other method |\n");
        sb.append("|---|---|---|---|---|\n");
        Map<String, List<Entry>> regimes = new LinkedHashMap<>();
        for (Entry e : passes) regimes.computeIfAbsent(e.cell().data() + ", " + passes(e.cell().passesPerIdentity()),
                k -> new ArrayList<>()).add(e);
        for (Entry e : lengths) regimes.computeIfAbsent(String.format(Locale.ROOT, "%s, %,d steps (%s)", e.cell().data(),
                e.cell().steps(), passes(e.cell().passesPerIdentity())), k -> new ArrayList<>()).add(e);
        for (Map.Entry<String, List<Entry>> reg : regimes.entrySet()) {
            List<CellResult> ran = reg.getValue().stream().map(Entry::result).filter(r -> r != null && r.ran())
                    .sorted(Comparator.comparingDouble(CellResult::accuracy).reversed()).toList();
            if (ran.isEmpty()) continue;
            CellResult best = ran.get(0);
            String lead = ran.size() > 1 ? points(best.accuracy() - ran.get(1).accuracy()) + " over " + ran.get(1).method() : "n/a";
            List<CellResult> pm = ran.stream().filter(r -> r.method().startsWith("pm")).toList();
            List<CellResult> others = ran.stream().filter(r -> !r.method().startsWith("pm")).toList();
            String pmVs = pm.isEmpty() || others.isEmpty() ? "n/a"
                    : points(pm.get(0).accuracy() - others.get(0).accuracy()) + " (vs " + others.get(0).method() + ")";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %s | %s |%n", reg.getKey(), best.method(), best.accuracy(), lead, pmVs));
        }
    }

    /** Each method's head keys as trained, and the ones that differ from the kind's defaults with their reason. */
    private static void settings(StringBuilder sb, RegimesPlan plan) {
        sb.append("| method | head as trained | settings that differ from the kind's defaults |\n|---|---|---|\n");
        for (HeadCase m : plan.methods()) {
            RegimeCell cell = plan.cells().stream().filter(c -> c.method().equals(m)).findFirst().orElseThrow();
            Config cfg = plan.config(cell);
            List<String> changed = changedKeys(cfg, m);
            sb.append("| ").append(m.label()).append(" | ").append(headSummary(cfg, m)).append(" | ")
                    .append(changed.isEmpty() ? "none" : String.join("; ", changed)).append(" |\n");
        }
    }

    private static String headSummary(Config cfg, HeadCase m) {
        var kind = HeadKinds.named(m.kind());
        if (kind.section().isEmpty()) {
            return "N x d weights in the shared optimizer (the encoder's SGD, its lr schedule and weight decay; never clipped)";
        }
        return kind.section().get().key() + ": " + flat(Config.treeOf(cfg.get(kind.section().get())));
    }

    static List<String> changedKeys(Config cfg, HeadCase m) {
        var kind = HeadKinds.named(m.kind());
        List<String> out = new ArrayList<>();
        if (kind.section().isEmpty()) return out;
        Section<?> section = kind.section().get();
        JsonNode now = Config.treeOf(cfg.get(section));
        JsonNode defaults = Config.treeOf(section.defaults());
        String shortKey = kind.shortParameter().orElse("");
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            // the method's own parameter is its name; drift_every only says how often telemetry is taken
            if (k.equals(shortKey) || k.equals("drift_every")) continue;
            if (now.get(k).equals(defaults.get(k))) continue;
            String key = section.key() + "." + k;
            out.add(key + " = " + now.get(k).asText() + " (default " + defaults.get(k).asText() + "): "
                    + JUSTIFICATIONS.getOrDefault(key, "no measurement given"));
        }
        return out;
    }

    private static String flat(JsonNode n) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + " " + e.getValue().asText());
        }
        return String.join(", ", parts);
    }

    private static void notes(StringBuilder sb, RegimesPlan plan, String threadsNote) {
        sb.append("Passes / identity: batches an identity takes part in (steps x identities per batch / N); views / image: ")
                .append("times each training image is seen (steps x batch / images). An identity with fewer images than a batch ")
                .append("takes (K) repeats them in its batch, augmented differently (reused_images in metrics.jsonl).\n");
        sb.append("Accuracy: 10-fold verification on the same held-out identities for every cell (synthetic identities from 2^30); ")
                .append("TAR@FAR on all pairs of the held-out all-pairs set; vs raw pixels: accuracy minus raw pixels' on the same pairs, ")
                .append("in points.\n");
        sb.append("Negatives / step: stored class weights scored as negatives in a step (rows not of a batch class), mean over the ")
                .append("second half; the full softmax scores all N - P by construction (*). Neg. age: steps since such a weight was ")
                .append("last written, second half (mean of all; p99 = median over logged steps of each step's 99th percentile); ")
                .append("* full softmax: 0 by construction.\n");
        sb.append("Drift cos: mean over the batch's classes of the cosine between a class's stored weight (before the step's update) ")
                .append("and the mean of its samples' normalised embeddings, second half (1 = the weight points at its class); ")
                .append("for Prototype Memory, between a batch class's stored prototype and its fresh one. Weight norm: row norms ")
                .append("of the stored class weights at the last logged step (Prototype Memory's are unit vectors: n/a). ")
                .append("Target cos: mean cosine between a sample and its own class's weight or prototype, second half.\n");
        sb.append(threadsNote).append('\n');
        sb.append("Config: ").append(plan.preset()).append(" with ").append(String.join(" ", plan.sizeOverrides()));
        if (!plan.userOverrides().isEmpty()) sb.append(' ').append(String.join(" ", plan.userOverrides()));
        sb.append("; per cell data=synthetic:identities=N,images=K (size, seed and difficulty of the base data) and train.steps.\n");
    }

    /**
     * Writes the plan and every cell's result to {@code file} as JSON.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeJson(Path file, RegimesPlan plan, List<Entry> all, List<Entry> passes, List<Entry> lengths)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", plan.preset());
        m.put("size_overrides", plan.sizeOverrides());
        m.put("user_overrides", plan.userOverrides());
        m.put("methods", plan.methods().stream().map(HeadCase::label).toList());
        m.put("base_data", plan.baseData().toString());
        m.put("base_steps", plan.baseSteps());
        m.put("passes_data", plan.passesData().stream().map(DataPoint::toString).toList());
        m.put("lengths", plan.lengths());
        m.put("longest_methods", plan.longestMethods().stream().map(HeadCase::label).toList());
        List<Object> cells = new ArrayList<>();
        for (Entry e : all) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("folder", e.cell().folder());
            c.put("on_passes_axis", passes.contains(e));
            c.put("on_length_axis", lengths.contains(e));
            c.put("result", e.result() == null ? null : e.result().toJson());
            cells.add(c);
        }
        m.put("cells", cells);
        JsonReports.write(file, m);
    }

    private static String norms(CellResult r) {
        if (Double.isNaN(r.normP50End())) return "n/a";
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", r.normP10End(), r.normP50End(), r.normP90End());
    }

    private static String fraction(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String points(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.1f", 100 * v);
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.format(Locale.ROOT, "%,d", (long) v);
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
