package org.protoface.lab.obsolescence;

import org.protoface.util.Medians;
import com.fasterxml.jackson.databind.JsonNode;
import org.protoface.head.AgeHistogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How old the class weights used as negatives were, and how far stored weights had drifted,
 * from a run's metrics.jsonl. The trainer logs the head's telemetry of one step per line (the
 * last step of each log_every window), so everything here is over those sampled steps:
 * <ul>
 *   <li>{@code mean}: mean age of all negatives of the sampled steps in the window (each step's
 *       neg_age_mean weighted by its neg_count);</li>
 *   <li>{@code median}, {@code p99}: the median over the sampled steps of each step's median and
 *       of each step's 99th percentile (a typical step's values, not pooled quantiles);</li>
 *   <li>{@code max}: the largest neg_age_max;</li>
 *   <li>{@code histogram}: the pooled distribution of ages over the sampled steps in power-of-two
 *       buckets ({@link AgeHistogram}), each step weighted by its neg_count; null when the run's
 *       telemetry has no histogram;</li>
 *   <li>{@code driftCos}: mean proto_drift_cos of the sampled steps that report it (a step reports
 *       it only when some batch class has a stored weight to compare), with their count.</li>
 * </ul>
 * The window is the steps after {@code fromStep} (the study uses the run's second half).
 */
public record NegativeAgeSummary(long fromStep, int linesWithAges, double mean, double median, double p99, double max,
                                 double[] histogram, int linesWithDrift, double driftCos, List<AgePoint> series) {

    /** One logged step's ages, for plots over the whole run. */
    public record AgePoint(long step, double mean, double median, double p99) {}

    /**
     * Summarises the logged lines whose step is greater than {@code fromStep} (see the class comment); the age
     * series covers every line.
     */
    public static NegativeAgeSummary of(List<JsonNode> lines, long fromStep) {
        double weightedMean = 0, weight = 0, max = Double.NaN, driftSum = 0;
        double[] hist = new double[AgeHistogram.BUCKETS];
        boolean histogramComplete = true;
        List<Double> medians = new ArrayList<>(), p99s = new ArrayList<>();
        List<AgePoint> series = new ArrayList<>();
        int withAges = 0, withDrift = 0;
        for (JsonNode n : lines) {
            long step = n.get("step").asLong();
            boolean hasAges = n.hasNonNull("neg_age_mean") && n.path("neg_count").asDouble() > 0;
            if (hasAges) series.add(new AgePoint(step, n.get("neg_age_mean").asDouble(), n.get("neg_age_median").asDouble(),
                    n.get("neg_age_p99").asDouble()));
            if (step <= fromStep) continue;
            if (n.hasNonNull("proto_drift_cos")) {
                driftSum += n.get("proto_drift_cos").asDouble();
                withDrift++;
            }
            if (!hasAges) continue;
            double count = n.get("neg_count").asDouble();
            withAges++;
            weightedMean += count * n.get("neg_age_mean").asDouble();
            weight += count;
            medians.add(n.get("neg_age_median").asDouble());
            p99s.add(n.get("neg_age_p99").asDouble());
            double m = n.path("neg_age_max").asDouble(Double.NaN);
            max = Double.isNaN(max) ? m : Math.max(max, m);
            for (int k = 0; k < AgeHistogram.BUCKETS; k++) {
                JsonNode h = n.get(AgeHistogram.key(k));
                if (h == null) histogramComplete = false;
                else hist[k] += count * h.asDouble();
            }
        }
        double[] histogram = null;
        if (withAges > 0 && histogramComplete) {
            histogram = new double[AgeHistogram.BUCKETS];
            for (int k = 0; k < histogram.length; k++) histogram[k] = hist[k] / weight;
        }
        return new NegativeAgeSummary(fromStep, withAges, withAges > 0 ? weightedMean / weight : Double.NaN,
                Medians.of(medians), Medians.of(p99s), max, histogram, withDrift, withDrift > 0 ? driftSum / withDrift : Double.NaN,
                List.copyOf(series));
    }

    /** Ages of a head that updates every class weight every step (the full softmax): all zero. */
    public static NegativeAgeSummary allFresh(long fromStep) {
        double[] hist = new double[AgeHistogram.BUCKETS];
        hist[0] = 1;
        return new NegativeAgeSummary(fromStep, 0, 0, 0, 0, 0, hist, 0, Double.NaN, List.of());
    }

    /** This summary as a JSON object; non-finite numbers are written as null. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_step", fromStep);
        m.put("lines_with_ages", linesWithAges);
        m.put("age_mean", finite(mean));
        m.put("age_median", finite(median));
        m.put("age_p99", finite(p99));
        m.put("age_max", finite(max));
        m.put("age_histogram", histogram == null ? null : Arrays.stream(histogram).boxed().toList());
        m.put("lines_with_drift", linesWithDrift);
        m.put("drift_cos", finite(driftCos));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
