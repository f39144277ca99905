package org.protoface.lab.regimes;

import com.fasterxml.jackson.databind.JsonNode;
import org.protoface.head.ClassWeightStats;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored class weights of a run over its logged steps, from metrics.jsonl: how well a batch
 * class's weight points at its class's current embeddings (proto_drift_cos) and the distribution
 * of the weights' norms, next to the loss's own view (target_cos_mean: mean cosine between a
 * sample and its class's weight or prototype; train_acc). NaN where a line does not carry a value
 * (Prototype Memory has no norms: its prototypes are unit vectors).
 */
public record WeightTrace(List<Point> points) {
    /** One logged step. */
    public record Point(long step, double driftCos, double normMean, double normP10, double normP50, double normP90,
                        double targetCos, double trainAccuracy) {}

    public WeightTrace {
        points = List.copyOf(points);
    }

    /** Head telemetry lines (those with a loss) of a metrics.jsonl file, in step order. */
    public static WeightTrace of(List<JsonNode> lines) {
        List<Point> out = new ArrayList<>();
        for (JsonNode n : lines) {
            if (!n.has("loss")) continue; // hook lines (evaluations) carry no head telemetry
            out.add(new Point(n.get("step").asLong(), num(n, ClassWeightStats.DRIFT_COS), num(n, ClassWeightStats.NORM_MEAN),
                    num(n, ClassWeightStats.NORM_P10), num(n, ClassWeightStats.NORM_P50), num(n, ClassWeightStats.NORM_P90),
                    num(n, "target_cos_mean"), num(n, "train_acc")));
        }
        return new WeightTrace(out);
    }

    /** The last logged point, or null for an empty trace. */
    public Point last() {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }

    /** Mean of a value over the points after {@code fromStep} that carry it; NaN when none does. */
    public double meanAfter(long fromStep, java.util.function.ToDoubleFunction<Point> value) {
        double sum = 0;
        int n = 0;
        for (Point p : points) {
            double v = value.applyAsDouble(p);
            if (p.step() <= fromStep || Double.isNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
