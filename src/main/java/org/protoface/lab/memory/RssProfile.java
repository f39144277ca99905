package org.protoface.lab.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resident memory over a training run, read from the {@code rss_bytes} of each metrics.jsonl line,
 * and the flatness check: after a warm-up, does memory keep growing? The ratio is the largest
 * RSS logged after the warm-up over the RSS of the first line logged after it; a run whose state
 * does not grow with the steps stays close to 1 (allocator slack, page-cache effects).
 *
 * @param steps  the logged steps, in file order
 * @param rss    their rss_bytes
 */
public record RssProfile(long[] steps, long[] rss) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads every line's step and rss_bytes; errors name the file, the line and the field. */
    public static RssProfile read(Path metrics) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        List<long[]> points = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = metrics + " line " + (i + 1);
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not a JSON object (" + e.getOriginalMessage() + ")");
            }
            points.add(new long[] {wholeNumber(n, "step", where), wholeNumber(n, "rss_bytes", where)});
            if (points.get(points.size() - 1)[1] <= 0) {
                throw new IllegalArgumentException(where + ": rss_bytes is " + points.get(points.size() - 1)[1]
                        + " (resident memory was not measurable on that machine)");
            }
        }
        if (points.isEmpty()) throw new IllegalArgumentException(metrics + " has no metrics lines");
        long[] steps = new long[points.size()], rss = new long[points.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = points.get(i)[0];
            rss[i] = points.get(i)[1];
        }
        return new RssProfile(steps, rss);
    }

    /** The default warm-up: the first tenth of the run. */
    public long defaultWarmupSteps() {
        long last = 0;
        for (long s : steps) last = Math.max(last, s);
        return (long) Math.ceil(last / 10.0);
    }

    /**
     * Steps until a Prototype Memory of {@code memorySize} slots is full when each step brings
     * {@code identitiesPerStep} identities: until then the memory's prototypes and the logits over
     * them grow by design, so growth in that span is not a leak.
     */
    public static long memoryFillSteps(int memorySize, int identitiesPerStep) {
        if (memorySize < 1 || identitiesPerStep < 1) {
            throw new IllegalArgumentException("memory size and identities per step must be positive, got "
                    + memorySize + " and " + identitiesPerStep);
        }
        return (memorySize + identitiesPerStep - 1) / identitiesPerStep;
    }

    /**
     * @param warmupSteps lines with step < this are ignored
     * @throws IllegalArgumentException when fewer than two lines remain after the warm-up
     */
    public Flatness flatness(long warmupSteps) {
        int first = -1, peak = -1, count = 0;
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] < warmupSteps) continue;
            if (first < 0) first = i;
            if (peak < 0 || rss[i] > rss[peak]) peak = i;
            count++;
        }
        if (count < 2) {
            throw new IllegalArgumentException("only " + count + " metrics line(s) at or after step " + warmupSteps
                    + "; the check needs at least two (log more often or shorten the warm-up)");
        }
        return new Flatness(warmupSteps, count, steps[first], rss[first], steps[peak], rss[peak], rss[steps.length - 1]);
    }

    /**
     * @param linesUsed      metrics lines at or after the warm-up
     * @param referenceStep  step of the first of them; its RSS is the reference
     * @param peakStep       step of the largest RSS among them
     * @param lastRss        RSS of the file's last line
     */
    public record Flatness(long warmupSteps, int linesUsed, long referenceStep, long referenceRss, long peakStep, long peakRss,
                           long lastRss) {
        /** Peak resident memory after the warm-up over the reference value (1.0 = perfectly flat). */
        public double ratio() {
            return peakRss / (double) referenceRss;
        }

        /** This result as a JSON object (snake_case keys, bytes and steps as numbers). */
        public Map<String, Object> toJson() {
            return Map.of("warmup_steps", warmupSteps, "lines_used", linesUsed, "reference_step", referenceStep,
                    "reference_rss_bytes", referenceRss, "peak_step", peakStep, "peak_rss_bytes", peakRss,
                    "last_rss_bytes", lastRss, "ratio", ratio());
        }
    }

    private static long wholeNumber(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException(where + ": no '" + key + "' field");
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw new IllegalArgumentException(where + ": '" + key + "' is not a whole number: " + v);
        }
        return v.asLong();
    }
}
