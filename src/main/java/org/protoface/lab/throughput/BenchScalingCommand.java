package org.protoface.lab.throughput;

import org.protoface.config.Config;
import org.protoface.distributed.LocalLauncher;
import org.protoface.run.JobConfig;
import org.protoface.train.BatchConfig;
import org.protoface.lab.obsolescence.MetricsLines;
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

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override for every run (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    /** One rank count's result. */
    public record Point(int nproc, double imagesPerSecond, double efficiency) {}

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
        Path work = Files.createTempDirectory("protoface-scaling");
        List<Point> points = new ArrayList<>();
        Double single = null;
        try {
            for (int n : nprocs) {
                double ips = measure(n, work.resolve("nproc-" + n));
                if (n == 1) single = ips;
                double eff = single == null ? Double.NaN : ips / (n * single);
                points.add(new Point(n, ips, eff));
                System.out.printf("nproc %d: %.1f images/s global (median of the logged windows after the first; the rank's own"
                        + " line above is its mean, warm-up included)%s%n", n, ips, Double.isNaN(eff) ? "" : String.format(", efficiency %.3f", eff));
            }
        } finally {
            Folders.deleteTree(work);
        }
        if (json != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("preset", preset);
            report.put("steps", steps);
            report.put("batch_per_rank", batchPerRank);
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
