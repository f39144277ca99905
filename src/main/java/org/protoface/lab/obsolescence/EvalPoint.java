package org.protoface.lab.obsolescence;

import com.fasterxml.jackson.databind.JsonNode;
import org.protoface.eval.EvalResult;
import org.protoface.eval.TarAtFar;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One held-out evaluation of a method during the study.
 *
 * @param step      completed training steps when it was taken
 * @param tarAtFar  TAR by FAR key ("1e-3", ...); NaN where the impostor count cannot resolve it
 */
public record EvalPoint(long step, double accuracy, double accuracyStd, Map<String, Double> tarAtFar, double auc) {
    public EvalPoint {
        tarAtFar = Map.copyOf(tarAtFar);
    }

    /**
     * The point of an evaluation at {@code step}: mean and std of the 10-fold accuracy, TAR at each FAR target
     * (keyed by {@link EvalResult#farKey}) and ROC AUC.
     */
    public static EvalPoint of(long step, EvalResult r) {
        Map<String, Double> tar = new LinkedHashMap<>();
        for (TarAtFar t : r.tarAtFar()) tar.put(EvalResult.farKey(t.targetFar()), t.tar());
        return new EvalPoint(step, r.verification().meanAccuracy(), r.verification().stdAccuracy(), tar, r.auc());
    }

    /** TAR at the FAR key (e.g. the key of 1e-3), or NaN when it was not measured or not resolved. */
    public double tar(String farKey) {
        return tarAtFar.getOrDefault(farKey, Double.NaN);
    }

    /** This point as a JSON object; unresolved TARs are written as null. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("accuracy", accuracy);
        m.put("accuracy_std", accuracyStd);
        Map<String, Object> tar = new LinkedHashMap<>();
        tarAtFar.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> tar.put(e.getKey(), Double.isNaN(e.getValue()) ? null : e.getValue()));
        m.put("tar_at_far", tar);
        m.put("auc", auc);
        return m;
    }

    /** Reads a point written by {@link #toJson()} (null TARs become NaN). */
    public static EvalPoint fromJson(JsonNode n) {
        Map<String, Double> tar = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("tar_at_far").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            tar.put(e.getKey(), e.getValue().isNull() ? Double.NaN : e.getValue().asDouble());
        }
        return new EvalPoint(n.path("step").asLong(), n.path("accuracy").asDouble(), n.path("accuracy_std").asDouble(), tar,
                n.path("auc").asDouble());
    }
}
