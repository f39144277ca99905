package org.protoface.lab.obsolescence;

import org.protoface.lab.heads.HeadCase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.protoface.head.AgeHistogram;
import org.protoface.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one method of the obsolescence study produced (written as {@code <method>/result.json}).
 *
 * @param method          the method as written, e.g. "pfc:0.01"
 * @param status          "ran", or "skipped: ..." (e.g. the full softmax does not fit)
 * @param head            the head's description
 * @param stateBytes      the head's state
 * @param steps           training steps
 * @param imagesPerSecond training throughput
 * @param evaluations     held-out evaluations in step order, the last one final; empty if skipped
 * @param ages            negative ages and drift over the run's second half
 * @param agesByConstruction true for the full softmax, whose every row is updated every step
 *                        (age 0), which is not measured but follows from the method
 */
public record VariantResult(String method, String status, String head, long stateBytes, long steps, double imagesPerSecond,
                            List<EvalPoint> evaluations, NegativeAgeSummary ages, boolean agesByConstruction) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public VariantResult {
        evaluations = List.copyOf(evaluations);
    }

    /** The result of a method that was not trained, with the reason as status ("skipped: " + {@code why}). */
    public static VariantResult skipped(HeadCase method, String why) {
        return new VariantResult(method.label(), "skipped: " + why, "", 0, 0, 0, List.of(), null, false);
    }

    /** Whether the method was trained (status "ran"). */
    public boolean ran() {
        return "ran".equals(status);
    }

    /** The final evaluation, or null if the method did not run. */
    public EvalPoint last() {
        return evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
    }

    /** This result as a JSON object (what {@link #write} stores). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("status", status);
        m.put("head", head);
        m.put("state_bytes", stateBytes);
        m.put("steps", steps);
        m.put("images_per_s", imagesPerSecond);
        List<Object> evals = new ArrayList<>();
        for (EvalPoint p : evaluations) evals.add(p.toJson());
        m.put("evaluations", evals);
        m.put("ages_by_construction", agesByConstruction);
        m.put("negatives", ages == null ? null : ages.toJson());
        return m;
    }

    /**
     * Writes {@link #toJson()} to {@code file} atomically.
     *
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(toJson()) + "\n");
    }

    /**
     * Reads a result.json back (to reuse finished methods when a study is rerun). The per-step age
     * series is not stored there; it is re-read from the method's metrics.jsonl by the caller.
     */
    public static VariantResult read(Path file, List<NegativeAgeSummary.AgePoint> series) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        List<EvalPoint> evals = new ArrayList<>();
        for (JsonNode e : n.path("evaluations")) evals.add(EvalPoint.fromJson(e));
        JsonNode a = n.get("negatives");
        NegativeAgeSummary ages = null;
        if (a != null && !a.isNull()) {
            double[] hist = null;
            if (a.path("age_histogram").isArray()) {
                hist = new double[AgeHistogram.BUCKETS];
                for (int k = 0; k < hist.length; k++) hist[k] = a.get("age_histogram").path(k).asDouble();
            }
            ages = new NegativeAgeSummary(a.path("from_step").asLong(), a.path("lines_with_ages").asInt(), num(a, "age_mean"),
                    num(a, "age_median"), num(a, "age_p99"), num(a, "age_max"), hist, a.path("lines_with_drift").asInt(),
                    num(a, "drift_cos"), series);
        }
        return new VariantResult(n.path("method").asText(), n.path("status").asText(), n.path("head").asText(),
                n.path("state_bytes").asLong(), n.path("steps").asLong(), n.path("images_per_s").asDouble(), evals, ages,
                n.path("ages_by_construction").asBoolean());
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
