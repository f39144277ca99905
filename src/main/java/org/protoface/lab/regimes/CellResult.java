package org.protoface.lab.regimes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.protoface.head.AgeHistogram;
import org.protoface.lab.obsolescence.EvalPoint;
import org.protoface.lab.obsolescence.NegativeAgeSummary;
import org.protoface.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cell of the study produced ({@code <cell>/result.json}).
 *
 * @param method             e.g. "pfc:0.1"
 * @param data               e.g. "2000x16"
 * @param steps              training steps
 * @param passesPerIdentity  batches each identity took part in, {@link RegimeCell#passesPerIdentity()}
 * @param viewsPerImage      times each training image was seen, {@link RegimeCell#viewsPerImage()}
 * @param status             "ran", or "skipped: ..." when the head does not fit in memory
 * @param head               the head's description
 * @param stateBytes         the head's state
 * @param imagesPerSecond    training throughput: the median of the logged windows' images/s after the
 *                           first ({@code MetricsLines.medianImagesPerSecond}); threads and machine
 *                           load in the report's notes
 * @param evaluation         the held-out evaluation at the end; null when skipped
 * @param rawPixels          10-fold accuracy of raw pixels on the same pairs; NaN without a baseline
 * @param ages               negative ages and drift over the run's second half; null when skipped
 * @param agesByConstruction true for heads that update every class weight every step (age 0)
 * @param negativesPerStep   stored class weights scored as negatives per step (rows not of a batch
 *                           class), mean over the second half's logged steps; N - P by construction
 *                           for the full softmax
 * @param normP50End         median norm of the stored class weights at the last logged step; NaN
 *                           for heads without stored weights (Prototype Memory)
 * @param normP10End         10th percentile, as above
 * @param normP90End         90th percentile, as above
 * @param targetCos          mean cosine between a sample and its own class's weight over the second half
 */
public record CellResult(String method, String data, long steps, double passesPerIdentity, double viewsPerImage,
                         String status, String head, long stateBytes, double imagesPerSecond, EvalPoint evaluation,
                         double rawPixels, NegativeAgeSummary ages, boolean agesByConstruction, double negativesPerStep,
                         double normP50End, double normP10End, double normP90End, double targetCos) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The result of a cell that was not trained, with the reason as status ("skipped: " + {@code why}). */
    public static CellResult skipped(RegimeCell cell, String why) {
        return new CellResult(cell.method().label(), cell.data().toString(), cell.steps(), cell.passesPerIdentity(),
                cell.viewsPerImage(), "skipped: " + why, "", 0, 0, null, Double.NaN, null, false, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /** This result with another throughput figure. */
    public CellResult withImagesPerSecond(double ips) {
        return new CellResult(method, data, steps, passesPerIdentity, viewsPerImage, status, head, stateBytes, ips, evaluation,
                rawPixels, ages, agesByConstruction, negativesPerStep, normP50End, normP10End, normP90End, targetCos);
    }

    /** Whether the cell was trained (status "ran"). */
    public boolean ran() {
        return "ran".equals(status);
    }

    /** Held-out 10-fold accuracy at the end of training, or NaN when skipped. */
    public double accuracy() {
        return evaluation == null ? Double.NaN : evaluation.accuracy();
    }

    /** This result as a JSON object (what {@link #write} stores). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("data", data);
        m.put("steps", steps);
        m.put("passes_per_identity", passesPerIdentity);
        m.put("views_per_image", viewsPerImage);
        m.put("status", status);
        m.put("head", head);
        m.put("state_bytes", stateBytes);
        m.put("images_per_s", imagesPerSecond);
        m.put("evaluation", evaluation == null ? null : evaluation.toJson());
        m.put("raw_pixels_accuracy", finite(rawPixels));
        m.put("ages_by_construction", agesByConstruction);
        m.put("negatives", ages == null ? null : ages.toJson());
        m.put("negatives_per_step", finite(negativesPerStep));
        m.put("weight_norm_p10_end", finite(normP10End));
        m.put("weight_norm_p50_end", finite(normP50End));
        m.put("weight_norm_p90_end", finite(normP90End));
        m.put("target_cos", finite(targetCos));
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

    /** Reads a result.json back; a file that is not one names itself. */
    public static CellResult read(Path file) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        if (n == null || !n.isObject() || !n.has("method") || !n.has("status")) {
            throw new IllegalArgumentException(file + ": not a regimes cell result (no method/status); delete it to rerun the cell");
        }
        JsonNode e = n.get("evaluation");
        return new CellResult(n.path("method").asText(), n.path("data").asText(), n.path("steps").asLong(),
                n.path("passes_per_identity").asDouble(), n.path("views_per_image").asDouble(), n.path("status").asText(),
                n.path("head").asText(), n.path("state_bytes").asLong(), n.path("images_per_s").asDouble(),
                e == null || e.isNull() ? null : EvalPoint.fromJson(e), num(n, "raw_pixels_accuracy"), ages(n.get("negatives")),
                n.path("ages_by_construction").asBoolean(), num(n, "negatives_per_step"), num(n, "weight_norm_p50_end"),
                num(n, "weight_norm_p10_end"), num(n, "weight_norm_p90_end"), num(n, "target_cos"));
    }

    private static NegativeAgeSummary ages(JsonNode a) {
        if (a == null || a.isNull()) return null;
        double[] hist = null;
        if (a.path("age_histogram").isArray()) {
            hist = new double[AgeHistogram.BUCKETS];
            for (int k = 0; k < hist.length; k++) hist[k] = a.get("age_histogram").path(k).asDouble();
        }
        return new NegativeAgeSummary(a.path("from_step").asLong(), a.path("lines_with_ages").asInt(), num(a, "age_mean"),
                num(a, "age_median"), num(a, "age_p99"), num(a, "age_max"), hist, a.path("lines_with_drift").asInt(),
                num(a, "drift_cos"), List.of());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
