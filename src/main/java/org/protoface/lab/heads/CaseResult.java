package org.protoface.lab.heads;

import org.protoface.head.HeadFootprint;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One (head, N) row of the scale benchmark.
 *
 * @param head          the head as written, e.g. "pfc:0.1"
 * @param classes       N
 * @param fits          whether the case fitted and ran
 * @param stateBytes    the head's state: reported by the built head when it ran, else the formula
 * @param requiredBytes state plus one step's working-memory estimate (what the fit decision used)
 * @param availableBytes memory the OS reported as available before the case (-1 unknown)
 * @param msPerStep     median milliseconds of forward + backward + update of the head; NaN if not run
 * @param msPerStepMin  fastest timed step; NaN if not run
 * @param timedSteps    steps behind the median (0 if not run)
 * @param peakRssBytes  peak resident memory of the process that ran the case (-1 if not run or unknown)
 * @param startRssBytes resident memory before the head was built (-1 if not run)
 * @param note          "ran" (Prototype Memory: "ran; memory X of M prototypes after S fill steps"), the
 *                      "does not fit: needs ..." line, or the failure
 */
public record CaseResult(String head, long classes, boolean fits, long stateBytes, long requiredBytes, long availableBytes,
                         double msPerStep, double msPerStepMin, int timedSteps, long peakRssBytes, long startRssBytes,
                         String note) {

    /** The row of a case that was not run because its state would not fit ({@code decision}'s explanation as note). */
    public static CaseResult doesNotFit(HeadCase head, long classes, HeadFootprint footprint, FitDecision decision) {
        return new CaseResult(head.label(), classes, false, footprint.stateBytes(), decision.requiredBytes(),
                decision.availableBytes(), Double.NaN, Double.NaN, 0, -1, -1, decision.explanation());
    }

    /** The row of a case that fitted but failed while running; the note is "failed: " + {@code why}. */
    public static CaseResult failed(HeadCase head, long classes, HeadFootprint footprint, long availableBytes, String why) {
        return new CaseResult(head.label(), classes, false, footprint.stateBytes(), footprint.totalBytes(), availableBytes,
                Double.NaN, Double.NaN, 0, -1, -1, "failed: " + why);
    }

    /** Whether the case fitted and has a measured time per step. */
    public boolean ran() {
        return fits && !Double.isNaN(msPerStep);
    }

    /** The JSON object written per row (snake_case; not-run numbers are null). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("head", head);
        m.put("classes", classes);
        m.put("fits", fits);
        m.put("state_bytes", stateBytes);
        m.put("required_bytes", requiredBytes);
        m.put("available_bytes", availableBytes);
        m.put("ms_per_step", Double.isNaN(msPerStep) ? null : msPerStep);
        m.put("ms_per_step_min", Double.isNaN(msPerStepMin) ? null : msPerStepMin);
        m.put("timed_steps", timedSteps);
        m.put("peak_rss_bytes", peakRssBytes < 0 ? null : peakRssBytes);
        m.put("start_rss_bytes", startRssBytes < 0 ? null : startRssBytes);
        m.put("note", note);
        return m;
    }

    /** Reads a row written by {@link #toJson()} (null numbers become NaN or -1). */
    public static CaseResult fromJson(JsonNode n) {
        return new CaseResult(text(n, "head"), n.path("classes").asLong(), n.path("fits").asBoolean(),
                n.path("state_bytes").asLong(), n.path("required_bytes").asLong(), n.path("available_bytes").asLong(-1),
                number(n, "ms_per_step"), number(n, "ms_per_step_min"), n.path("timed_steps").asInt(),
                n.path("peak_rss_bytes").isNumber() ? n.get("peak_rss_bytes").asLong() : -1,
                n.path("start_rss_bytes").isNumber() ? n.get("start_rss_bytes").asLong() : -1, text(n, "note"));
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("head benchmark case JSON has no '" + key + "' text: " + n);
        return v.asText();
    }
}
