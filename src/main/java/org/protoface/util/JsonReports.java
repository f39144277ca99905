package org.protoface.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON that benchmarks and reports write: indented, snake_case field names (as in
 * metrics.jsonl and the configs), a final newline, written atomically.
 */
public final class JsonReports {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReports() {}

    /**
     * Writes {@code value} as JSON (one document plus a newline) to {@code file} atomically.
     *
     * @throws IOException if serialising or writing fails
     */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(value) + "\n");
    }
}
