package org.protoface.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.protoface.data.loader.LoadedBatch;
import org.protoface.torch.NativeMemory;
import org.protoface.util.AtomicFiles;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metrics.jsonl}: one JSON object per line. Training steps are summed over a window of
 * {@code logEvery} steps and written as one line when the window closes; hooks append their own
 * lines. Lines are flushed as written so a crash loses at most the line being written; a resumed
 * run appends to the same file.
 *
 * <p>With several ranks only rank 0 writes ({@link #discarding} elsewhere); its lines carry
 * {@code world_size}, the loss the ranks agreed on (the global batch's) and the global images/s
 * (every rank's batch counted: they step together).
 */
public final class MetricsLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;
    private final int logEvery;
    private final int worldSize;
    private final Map<String, Object> runFields;
    private Window window;

    /** @param logEvery steps per training line (values below 1 mean every step) */
    public MetricsLog(Path file, int logEvery) throws IOException {
        this(file, logEvery, Map.of(), 1);
    }

    /**
     * @param runFields values that hold for the whole run and go into every training line, so each
     *                  line can be attributed on its own (e.g. "precision": "bf16")
     */
    public MetricsLog(Path file, int logEvery, Map<String, Object> runFields) throws IOException {
        this(file, logEvery, runFields, 1);
    }

    /**
     * @param logEvery  steps per training line (values below 1 mean every step)
     * @param runFields values for every training line (see above)
     * @param worldSize ranks training together, each with a batch of the size this log is given
     */
    public MetricsLog(Path file, int logEvery, Map<String, Object> runFields, int worldSize) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.logEvery = Math.max(1, logEvery);
        this.runFields = new LinkedHashMap<>(runFields);
        this.worldSize = worldSize;
        this.window = new Window(worldSize);
    }

    /**
     * Before a resume from the checkpoint of step {@code step}: removes the lines of steps after it
     * (a run that crashed or lost a rank may have logged steps it never checkpointed; the resume
     * trains them again and logs them anew) and a last line cut short by the crash, rewriting the
     * file atomically. Lines without a step (none are written today) are kept.
     *
     * @return the number of lines removed (0: the file is untouched, or absent)
     * @throws IOException if the file cannot be read or rewritten
     */
    public static int dropLinesAfter(Path file, long step) throws IOException {
        if (!Files.isRegularFile(file)) return 0;
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                dropped++;
                continue;
            }
            if (n != null && n.has("step") && n.get("step").asLong() > step) {
                dropped++;
                continue;
            }
            kept.add(line);
        }
        if (dropped > 0) AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        return dropped;
    }

    private MetricsLog(int logEvery, int worldSize) {
        this.out = null;
        this.logEvery = Math.max(1, logEvery);
        this.runFields = Map.of();
        this.worldSize = worldSize;
        this.window = new Window(worldSize);
    }

    /** A log that keeps its windows (so callers see the same lines) but writes nothing: the ranks other than 0. */
    public static MetricsLog discarding(int logEvery, int worldSize) {
        return new MetricsLog(logEvery, worldSize);
    }

    /** Writes {@code record} as one line. */
    public synchronized void append(Map<String, ?> record) throws IOException {
        if (out == null) return;
        out.write(JSON.writeValueAsString(record));
        out.write('\n');
        out.flush();
    }

    /**
     * Adds a finished step to the window; when the window is due (every {@code logEvery} steps, and
     * at the run's last step) writes its line and returns it.
     *
     * @param stepNanos     wall time of the step, waiting for the batch included
     * @param waitNanos     time spent waiting for the batch
     * @param loaderCounters the loader's running counters (corrupt_records, dropped_identities)
     */
    public Optional<Map<String, Object>> addStep(long step, double lr, LoadedBatch batch, StepOutcome outcome, long stepNanos,
                                                 long waitNanos, boolean last, Map<String, Object> loaderCounters) throws IOException {
        window.add(batch, stepNanos, waitNanos, outcome);
        if ((step + 1) % logEvery != 0 && !last) return Optional.empty();
        Map<String, Object> line = window.line(step, lr, loaderCounters, runFields);
        window = new Window(worldSize);
        append(line);
        return Optional.of(line);
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) out.close();
    }

    /** Sums over the steps between two training lines. */
    private static final class Window {
        final int worldSize;
        long images, nanos, waitNanos;
        int steps, reused, lookalikes, skipped;
        boolean scaled;
        double lossSum, normSum;
        final Map<String, Double> telemetry = new LinkedHashMap<>();

        Window(int worldSize) {
            this.worldSize = worldSize;
        }

        void add(LoadedBatch lb, long stepNanos, long wait, StepOutcome out) {
            images += (long) lb.batch().size() * worldSize;
            nanos += stepNanos;
            waitNanos += wait;
            steps++;
            reused += lb.batch().reusedImages();
            lookalikes += lb.batch().lookalikeIdentities();
            lossSum += out.loss();
            // a step skipped by fp16 loss scaling has no gradient norm; it is counted instead
            if (out.skipped()) skipped++;
            else normSum += out.gradNorm();
            scaled |= out.telemetry().containsKey("loss_scale");
            // per-step states, not sums: each key keeps its latest value in the window, so values a
            // head measures only every few steps (proto_drift_cos) still reach the log
            telemetry.putAll(out.telemetry());
        }

        Map<String, Object> line(long step, double lr, Map<String, Object> loaderCounters, Map<String, Object> runFields) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", step + 1);
            m.put("time", System.currentTimeMillis() / 1000.0);
            m.put("world_size", worldSize);
            m.putAll(runFields);
            m.put("loss", lossSum / steps);
            m.put("lr", lr);
            // null, not NaN: JSON has no NaN and a reader should see "no step measured"
            m.put("grad_norm", steps > skipped ? (Object) (normSum / (steps - skipped)) : null);
            m.put("images_per_s", nanos > 0 ? images / (nanos / 1e9) : 0.0);
            m.put("data_wait_share", nanos > 0 ? waitNanos / (double) nanos : 0.0);
            m.put("reused_images", reused);
            m.put("lookalike_identities", lookalikes);
            m.putAll(loaderCounters);
            m.put("rss_bytes", NativeMemory.residentBytes());
            m.putAll(telemetry);
            if (scaled) m.put("skipped_steps", skipped);
            return m;
        }
    }
}
