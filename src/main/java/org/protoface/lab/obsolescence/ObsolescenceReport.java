package org.protoface.lab.obsolescence;

import org.protoface.util.JsonReports;


import org.protoface.util.Bytes;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The study's summary: a markdown table (also printed) and a JSON file with every method's result. */
public final class ObsolescenceReport {
    private ObsolescenceReport() {}

    /**
     * The study's markdown table: one row per method (head state, accuracy, TAR@FAR, negative ages, drift,
     * images/s), skipped methods with their reason.
     */
    public static String markdown(ObsolescencePlan plan, List<VariantResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| method | head state | accuracy | TAR@FAR=1e-3 | TAR@FAR=1e-4 | neg. age mean | median | p99 | drift cos | images/s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (VariantResult r : results) {
            if (!r.ran()) {
                sb.append("| ").append(r.method()).append(" | ").append(r.status()).append(" |  |  |  |  |  |  |  |  |\n");
                continue;
            }
            EvalPoint e = r.last();
            NegativeAgeSummary a = r.ages();
            String mark = r.agesByConstruction() ? " *" : "";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f ± %.4f | %s | %s | %s%s | %s%s | %s%s | %s | %.0f |%n",
                    r.method(), Bytes.format(r.stateBytes()), e.accuracy(), e.accuracyStd(), fraction(e.tar("1e-3")),
                    fraction(e.tar("1e-4")), number(a.mean()), mark, number(a.median()), mark, number(a.p99()), mark,
                    a.linesWithDrift() > 0 ? String.format(Locale.ROOT, "%.3f", a.driftCos()) : "n/a", r.imagesPerSecond()));
        }
        sb.append('\n');
        sb.append("Accuracy: 10-fold verification on held-out identities at the final step; TAR@FAR on all pairs of a held-out set.\n");
        sb.append("Negative ages (steps since a class weight used as a negative was last written) over the second half of each run, ")
                .append("from the head telemetry of the step logged every log_every steps: mean of all those negatives; ")
                .append("median and p99 are the median over the logged steps of each step's median and 99th percentile.\n");
        sb.append("* full softmax: not measured; every row of W is updated at every step, so the age is 0 by construction.\n");
        sb.append("Drift cos: mean cosine between a batch class's stored weight and its current batch prototype / mean embedding ")
                .append("(1 = no drift), over the logged steps of the second half that had one; n/a when no batch class had a stored weight.\n");
        sb.append("Config: ").append(plan.preset()).append(" with ").append(String.join(" ", plan.sizeOverrides()));
        if (!plan.userOverrides().isEmpty()) sb.append(' ').append(String.join(" ", plan.userOverrides()));
        sb.append('\n');
        return sb.toString();
    }

    /**
     * Writes the plan and every method's result to {@code file} as JSON (obsolescence.json).
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeJson(Path file, ObsolescencePlan plan, List<VariantResult> results) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", plan.preset());
        m.put("size_overrides", plan.sizeOverrides());
        m.put("user_overrides", plan.userOverrides());
        m.put("evaluations_per_method", plan.evaluations());
        List<Object> methods = new ArrayList<>();
        for (VariantResult r : results) methods.add(r.toJson());
        m.put("methods", methods);
        JsonReports.write(file, m);
    }

    private static String fraction(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }
}
