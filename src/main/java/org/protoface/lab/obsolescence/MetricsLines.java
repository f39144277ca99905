package org.protoface.lab.obsolescence;

import org.protoface.util.Medians;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The lines of a metrics.jsonl file as JSON objects; a bad line is an error naming file and line. */
public final class MetricsLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsLines() {}

    /**
     * The JSON objects of a run's metrics.jsonl, in file order, blank lines skipped.
     *
     * @throws IllegalArgumentException naming the file and line when a line is not a JSON object with an integer step
     * @throws IOException              if the file cannot be read
     */
    public static List<JsonNode> read(Path metrics) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                JsonNode n = JSON.readTree(lines.get(i));
                if (!n.isObject()) throw new IllegalArgumentException(metrics + " line " + (i + 1) + ": not a JSON object");
                if (!n.path("step").isIntegralNumber()) throw new IllegalArgumentException(metrics + " line " + (i + 1) + ": no integer 'step'");
                out.add(n);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(metrics + " line " + (i + 1) + ": not JSON (" + e.getOriginalMessage() + ")");
            }
        }
        return out;
    }

    /**
     * Training throughput as the median of the logged windows' {@code images_per_s}, the first
     * window (warm-up: first allocations, JIT) left out. A median, not the run's mean, because on a
     * shared machine a few windows slowed by another job (or a paused process) would otherwise set
     * the figure of a whole run.
     *
     * @param lines a run's metrics.jsonl lines ({@link #read}); training lines carry a {@code loss}
     * @return images per second; NaN when fewer than two training lines were logged
     */
    public static double medianImagesPerSecond(List<JsonNode> lines) {
        List<Double> ips = new ArrayList<>();
        for (JsonNode n : lines) {
            if (n.path("images_per_s").isNumber() && n.has("loss")) ips.add(n.get("images_per_s").asDouble());
        }
        if (ips.size() < 2) return Double.NaN;
        return Medians.of(ips.subList(1, ips.size()));
    }
}
