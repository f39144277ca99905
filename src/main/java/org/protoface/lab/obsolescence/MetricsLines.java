package org.protoface.lab.obsolescence;

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
}
