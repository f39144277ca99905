package org.protoface.lab.heads;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed part of every head benchmark case.
 *
 * @param batch             B, images per step
 * @param imagesPerIdentity K; a batch holds B / K distinct identities drawn from the N classes
 * @param dim               d, the embedding size
 * @param warmupSteps       untimed steps first (allocator and caches settle)
 * @param steps             timed steps; the median is reported
 * @param safety            share of the available memory not planned on
 * @param seed              seeds the labels, the random embeddings and the heads' initialisation
 * @param threads           libtorch threads (0 = libtorch's default, the core count)
 * @param preset            config preset the heads' margin, optimizer and head options come from
 * @param worldSize         ranks of the job the case stands for ({@code --nproc}): a head that splits
 *                          its classes across ranks is judged and timed as one rank's block of
 *                          ceil(N / worldSize) classes (communication is not timed); 1 = one process
 */
public record HeadBenchSettings(int batch, int imagesPerIdentity, int dim, int warmupSteps, int steps, double safety,
                                long seed, int threads, String preset, int worldSize) {
    /** Settings for one process (world size 1). */
    public HeadBenchSettings(int batch, int imagesPerIdentity, int dim, int warmupSteps, int steps, double safety,
                             long seed, int threads, String preset) {
        this(batch, imagesPerIdentity, dim, warmupSteps, steps, safety, seed, threads, preset, 1);
    }

    public HeadBenchSettings {
        if (worldSize < 1) throw new IllegalArgumentException("--nproc must be >= 1, got " + worldSize);
        if (batch < 1 || imagesPerIdentity < 1 || batch % imagesPerIdentity != 0) {
            throw new IllegalArgumentException("batch (" + batch + ") must be a positive multiple of images per identity (" + imagesPerIdentity + ")");
        }
        if (dim < 1) throw new IllegalArgumentException("embedding size must be >= 1, got " + dim);
        if (warmupSteps < 0 || steps < 1) throw new IllegalArgumentException("need warm-up >= 0 and steps >= 1, got " + warmupSteps + " and " + steps);
        if (!(safety >= 0 && safety < 1)) throw new IllegalArgumentException("safety margin must be in [0, 1), got " + safety);
    }

    /** Distinct identities per batch ({@code batch / imagesPerIdentity}). */
    public int batchClasses() {
        return batch / imagesPerIdentity;
    }

    /** key=value arguments that {@link #fromArgs} turns back into these settings (for child processes). */
    public List<String> toArgs() {
        List<String> out = new ArrayList<>();
        out.add("batch=" + batch);
        out.add("k=" + imagesPerIdentity);
        out.add("dim=" + dim);
        out.add("warmup=" + warmupSteps);
        out.add("steps=" + steps);
        out.add("safety=" + safety);
        out.add("seed=" + seed);
        out.add("threads=" + threads);
        out.add("preset=" + preset);
        out.add("world=" + worldSize);
        return out;
    }

    /**
     * Settings from the {@code key=value} map written by {@link #toArgs()}.
     *
     * @throws IllegalArgumentException if a key is missing
     * @throws NumberFormatException    if a value is not a number
     */
    public static HeadBenchSettings fromArgs(Map<String, String> args) {
        return new HeadBenchSettings(Integer.parseInt(need(args, "batch")), Integer.parseInt(need(args, "k")),
                Integer.parseInt(need(args, "dim")), Integer.parseInt(need(args, "warmup")), Integer.parseInt(need(args, "steps")),
                Double.parseDouble(need(args, "safety")), Long.parseLong(need(args, "seed")), Integer.parseInt(need(args, "threads")),
                need(args, "preset"), Integer.parseInt(args.getOrDefault("world", "1")));
    }

    /** "key=value" strings to a map; anything else is an error naming the argument. */
    public static Map<String, String> parseArgs(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            out.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return out;
    }

    /**
     * Parses class counts like "1e3,1e4,250000": each must be a whole number >= 1 (so "1.5e3" is
     * accepted as 1500, "1e-3" is not).
     */
    public static long[] parseClassCounts(String csv) {
        List<Long> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) continue;
            long n;
            try {
                n = new BigDecimal(part.trim()).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("number of classes '" + part.trim() + "' is not a whole number");
            }
            if (n < 1) throw new IllegalArgumentException("number of classes must be >= 1, got " + part.trim());
            out.add(n);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no number of classes given");
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static String need(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null) throw new IllegalArgumentException("missing argument " + key + "=...");
        return v;
    }
}
