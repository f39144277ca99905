package org.protoface.lab.throughput;

import org.protoface.util.Medians;
import org.protoface.config.Config;
import org.protoface.distributed.LocalLauncher;
import org.protoface.run.JobConfig;
import org.protoface.train.BatchConfig;
import org.protoface.lab.obsolescence.MetricsLines;
import org.protoface.util.AtomicFiles;
import org.protoface.util.Folders;
import org.protoface.util.JsonReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Data-parallel scaling: the same training job on 1, 2, ... ranks of this host, each rank pinned
 * to its own core with one libtorch thread, the global batch fixed per rank (batch.size = N x the
 * per-rank batch, so every rank does the same work as the single process). Prints the global
 * images/s (median over the logged windows after the first) and the scaling efficiency
 * ips(N) / (N x ips(1)).
 *
 * <p>One measurement of each N moves by 5% or more from run to run on a small shared machine
 * (measured here: the same 1-rank job at 775-880 images/s within an hour), so the command repeats
 * the measurements, interleaved (1, 2, 1, 2, ...) so that a slow spell of the machine hits every N
 * alike, and reports the median images/s of each N, the efficiency of the medians, and the range
 * of the efficiencies of the single repeats (each against its own repeat's 1-rank run).
 */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = {"Global images/s of data-parallel training on N local ranks (each pinned to its own core, one libtorch"
                + " thread) and the scaling efficiency ips(N) / (N x ips(1)).",
                "Each N trains --steps steps of the preset (no evaluation) with batch.size = N x --batch-per-rank."})
public final class BenchScalingCommand implements Callable<Integer> {
    static final String MAIN_CLASS = "org.protoface.app.Main";

    @Option(names = "--nproc", defaultValue = "1,2", split = ",", description = "Rank counts to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> nprocs;

    @Option(names = {"-c", "--config"}, defaultValue = "cpu", description = "Preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--steps", defaultValue = "60", description = "Training steps per measurement (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-per-rank", defaultValue = "64", description = "Images per rank and step (default: ${DEFAULT-VALUE}).")
    int batchPerRank;

    @Option(names = "--repeats", defaultValue = "3", description = "Measurements of each rank count, interleaved"
            + " (1, 2, 1, 2, ...); the report gives their median (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override for every run (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    /**
     * One rank count's result.
     *
     * @param nproc           ranks
     * @param imagesPerSecond median over the repeats of the global images/s
     * @param efficiency      imagesPerSecond / (nproc x the 1-rank median); NaN without a 1-rank measurement
     * @param runs            global images/s of each repeat, in the order measured
     * @param efficiencyMin   lowest efficiency of a single repeat (against that repeat's 1-rank run); NaN as above
     * @param efficiencyMax   highest one
     */
    public record Point(int nproc, double imagesPerSecond, double efficiency, List<Double> runs, double efficiencyMin,
                        double efficiencyMax) {}

    /**
     * The report's points from each rank count's runs (repeat i of every count measured in the same
     * round); efficiencies need a count of 1 among them.
     */
    static List<Point> summarise(List<Integer> nprocs, Map<Integer, List<Double>> runs) {
        List<Double> single = runs.get(1);
        List<Point> points = new ArrayList<>();
        for (int n : nprocs) {
            List<Double> mine = runs.get(n);
            double median = Medians.of(mine);
            double eff = Double.NaN, min = Double.NaN, max = Double.NaN;
            if (single != null) {
                eff = median / (n * Medians.of(single));
                min = Double.POSITIVE_INFINITY;
                max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < Math.min(mine.size(), single.size()); i++) {
                    double e = mine.get(i) / (n * single.get(i));
                    min = Math.min(min, e);
                    max = Math.max(max, e);
                }
            }
            points.add(new Point(n, median, eff, List.copyOf(mine), min, max));
        }
        return points;
    }

    @Override
    public Integer call() throws Exception {
        if (nprocs.isEmpty() || nprocs.stream().anyMatch(n -> n < 1)) throw new IllegalArgumentException("--nproc needs rank counts >= 1, got " + nprocs);
        if (steps < 10) throw new IllegalArgumentException("--steps must be >= 10 (the first logged window is warm-up), got " + steps);
        if (batchPerRank < 1) throw new IllegalArgumentException("--batch-per-rank must be at least 1 image, got " + batchPerRank);
        int k = JobConfig.resolve(Config.load(preset, overrides)).get(BatchConfig.SECTION).imagesPerIdentity();
        if (batchPerRank % k != 0) {
            throw new IllegalArgumentException("--batch-per-rank " + batchPerRank + " must be whole identities, a multiple of"
                    + " batch.images_per_identity " + k + " (e.g. " + Math.max(k, batchPerRank / k * k) + ")");
        }
        if (new java.util.HashSet<>(nprocs).size() != nprocs.size()) {
            throw new IllegalArgumentException("--nproc lists a rank count twice (" + nprocs + "); give each count once, e.g. --nproc 1,2");
        }
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        // a path that cannot be written is refused now, not after minutes of measurements
        if (json != null) AtomicFiles.requireWritable(json);
        Path work = Files.createTempDirectory("protoface-scaling");
        Map<Integer, List<Double>> runs = new LinkedHashMap<>();
        try {
            for (int i = 0; i < repeats; i++) {
                for (int n : nprocs) {
                    double ips = measure(n, work.resolve("nproc-" + n + "-" + i));
                    runs.computeIfAbsent(n, key -> new ArrayList<>()).add(ips);
                    System.out.printf("repeat %d/%d, nproc %d: %.1f images/s global (median of the logged windows after the first;"
                            + " the rank's own line above is its mean, warm-up included)%n", i + 1, repeats, n, ips);
                }
            }
        } finally {
            Folders.deleteTree(work);
        }
        List<Point> points = summarise(nprocs, runs);
        for (Point p : points) {
            System.out.printf("nproc %d: %.1f images/s global (median of %d)%s%n", p.nproc(), p.imagesPerSecond(), p.runs().size(),
                    Double.isNaN(p.efficiency()) ? "" : String.format(", efficiency %.3f (single repeats %.3f-%.3f)",
                            p.efficiency(), p.efficiencyMin(), p.efficiencyMax()));
        }
        if (json != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("preset", preset);
            report.put("steps", steps);
            report.put("batch_per_rank", batchPerRank);
            report.put("repeats", repeats);
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("overrides", overrides);
            report.put("points", points);
            JsonReports.write(json, report);
            System.out.println("wrote " + json);
        }
        return 0;
    }

    private double measure(int n, Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "-c", preset, "--no-eval", "--out", out.toString()));
        List<String> sets = new ArrayList<>(List.of("batch.size=" + (long) n * batchPerRank, "train.steps=" + steps, "train.threads=1",
                "train.log_every=" + Math.max(1, steps / 6), "train.checkpoint_every=0"));
        sets.addAll(overrides);
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        LocalLauncher.Outcome o = new LocalLauncher(n, MAIN_CLASS, args).pinCores(true).logDir(out.resolve("logs"))
                .stopGrace(Duration.ofSeconds(30)).run();
        if (!o.succeeded()) {
            String why = "scaling run on " + n + " rank(s) failed: " + o.message();
            // exit code 2 is a rank's one-line user error (a --set it cannot use): the same for this command
            if (o.exitCode() == 2) throw new IllegalArgumentException(why);
            throw new IllegalStateException(why);
        }
        return medianImagesPerSecond(out.resolve("metrics.jsonl"));
    }

    /** Median of the training lines' images/s, the first window (warm-up) left out. */
    static double medianImagesPerSecond(Path metrics) throws Exception {
        double ips = MetricsLines.medianImagesPerSecond(MetricsLines.read(metrics));
        if (Double.isNaN(ips)) throw new IllegalStateException(metrics + " has fewer than 2 training lines; need at least 2");
        return ips;
    }
}
