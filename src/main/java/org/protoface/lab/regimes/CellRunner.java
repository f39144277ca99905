package org.protoface.lab.regimes;

import com.fasterxml.jackson.databind.JsonNode;
import org.protoface.config.Config;
import org.protoface.data.source.DataSources;
import org.protoface.encoder.EncoderSpec;
import org.protoface.eval.EvalResult;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;
import org.protoface.lab.heads.FitDecision;
import org.protoface.lab.obsolescence.EvalPoint;
import org.protoface.lab.obsolescence.MetricsLines;
import org.protoface.lab.obsolescence.NegativeAgeSummary;
import org.protoface.run.JobConfig;
import org.protoface.run.ResumeCheck;
import org.protoface.run.RunFolder;
import org.protoface.run.StopOnExit;
import org.protoface.run.TrainingRun;
import org.protoface.torch.NativeMemory;
import org.protoface.train.BatchConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trains and evaluates one cell of the study in its own run folder ({@code config.yaml},
 * {@code metrics.jsonl}, {@code checkpoints/}, {@code model/}, {@code eval.json}) and writes
 * {@code result.json}.
 *
 * <p>Several invocations of the study may share an output folder: a cell is taken under an OS file
 * lock on {@code <cell>/.lock}, so two processes never train the same cell, and a cell another
 * process holds is left to it ({@link #tryRun}) or waited for ({@link #runOrWait}). A cell that was
 * interrupted resumes from its newest checkpoint when its saved config is the one it would train
 * with now; otherwise it starts afresh.
 */
public final class CellRunner {
    /** Share of the available memory the full softmax may not plan on. */
    static final double SAFETY = 0.15;
    static final String RESULT = "result.json";

    private CellRunner() {}

    /**
     * Runs the cell unless another process holds it.
     *
     * @param reuseFrom a result.json modified at or after this time is reused instead of training
     *                  again (FileTime of 0 reuses any; the invocation's start time with --fresh)
     * @return the result, or empty when another process holds the cell
     */
    public static Optional<CellResult> tryRun(RegimesPlan plan, RegimeCell cell, Path dir, FileTime reuseFrom, PrintStream console)
            throws IOException, InterruptedException {
        return run(plan, cell, dir, reuseFrom, false, console);
    }

    /** As {@link #tryRun}, but waits for another process to finish the cell, then reuses its result. */
    public static CellResult runOrWait(RegimesPlan plan, RegimeCell cell, Path dir, FileTime reuseFrom, PrintStream console)
            throws IOException, InterruptedException {
        return run(plan, cell, dir, reuseFrom, true, console).orElseThrow();
    }

    private static Optional<CellResult> run(RegimesPlan plan, RegimeCell cell, Path dir, FileTime reuseFrom, boolean wait,
                                            PrintStream console) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                if (!wait) {
                    console.println(label(cell) + ": another process is training it; coming back to it later");
                    return Optional.empty();
                }
                console.println(label(cell) + ": waiting for the process that trains it");
                lock = channel.lock();
            }
            try {
                return Optional.of(runLocked(plan, cell, dir, reuseFrom, console));
            } finally {
                lock.release();
            }
        }
    }

    private static CellResult runLocked(RegimesPlan plan, RegimeCell cell, Path dir, FileTime reuseFrom, PrintStream console)
            throws IOException, InterruptedException {
        Path resultFile = dir.resolve(RESULT);
        Config cfg = plan.config(cell);
        if (Files.isRegularFile(resultFile) && Files.getLastModifiedTime(resultFile).compareTo(reuseFrom) >= 0) {
            requireSameExperiment(cell, dir, cfg);
            console.println(label(cell) + ": reusing " + resultFile);
            return withLoggedThroughput(CellResult.read(resultFile), dir.resolve("metrics.jsonl"));
        }
        String skip = doesNotFit(cfg);
        if (skip != null) {
            console.println(label(cell) + ": skipped, " + skip);
            CellResult r = CellResult.skipped(cell, skip);
            r.write(resultFile);
            return r;
        }
        TrainingRun run = TrainingRun.build(cfg, dir);
        boolean fresh = reuseFrom.toMillis() > 0;
        RunFolder.Mode mode = resumable(dir, run.config(), fresh, label(cell)) ? RunFolder.Mode.RESUME : RunFolder.Mode.OVERWRITE;
        console.println(label(cell) + ": " + run.setup().head().describe() + "; " + (mode == RunFolder.Mode.RESUME ? "resuming" : "training")
                + " " + cell.steps() + " steps in " + dir);
        TrainingRun.Result result;
        // Ctrl-C: the cell stops at a step boundary with a checkpoint, from which a rerun resumes it
        try (StopOnExit ignored = StopOnExit.install(run)) {
            result = run.run(mode, true, console);
            if (result.training().interrupted()) {
                console.println(label(cell) + ": interrupted at step " + result.training().stepsDone() + "; checkpoint "
                        + result.training().lastCheckpoint() + "; run the same command again to resume the study");
            }
        }
        if (result.training().interrupted()) throw new InterruptedException(label(cell) + " was stopped; rerun to resume it");
        EvalResult eval = result.evaluation().orElseThrow(() -> new IllegalStateException(label(cell)
                + ": the run produced no held-out evaluation (the study needs synthetic data with eval.data=auto or a held-out source)"));
        CellResult r = summarise(cell, run, result, eval, MetricsLines.read(dir.resolve("metrics.jsonl")));
        r.write(resultFile);
        return r;
    }

    /**
     * A finished cell is reused only for the experiment it ran: its config.yaml must agree with what
     * the study asks for now in everything but how it ran (threads, logging, checkpoints), or the
     * report would label its numbers with settings it was not trained with. A skipped cell has no
     * config.yaml and nothing to compare.
     *
     * @throws IllegalArgumentException naming the cell, its folder and every changed key
     */
    static void requireSameExperiment(RegimeCell cell, Path dir, Config requested) throws IOException {
        Path saved = RunFolder.configFile(dir);
        if (!Files.isRegularFile(saved)) return;
        List<String> changed = studyChanges(saved, TrainingRun.resolvedConfig(requested));
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException(label(cell) + ": " + dir + " holds a result trained with other settings ("
                    + String.join("; ", changed) + "); add --fresh to train every cell again, or use another --out");
        }
    }

    /**
     * What would make the result of the run saved as {@code saved} (a cell's config.yaml) another
     * experiment's ({@link ResumeCheck#resultChanges}), less what cannot act on a cell: the sections
     * of head kinds other than the cell's own, and {@code pm.gather_embeddings}, which acts only with
     * several ranks (a cell trains on one).
     */
    static List<String> studyChanges(Path saved, Config requested) throws IOException {
        String head = requested.string("head", HeadKinds.DEFAULT);
        List<String> otherHeads = HeadKinds.all().stream().filter(k -> !k.name().equals(head))
                .flatMap(k -> k.section().stream()).map(sec -> sec.key() + ".").toList();
        return ResumeCheck.resultChanges(JobConfig.resolve(Config.load(saved.toString(), List.of())), requested,
                key -> key.equals("pm.gather_embeddings") || otherHeads.stream().anyMatch(key::startsWith));
    }

    /** The cell's result from its run and its metrics.jsonl lines. */
    static CellResult summarise(RegimeCell cell, TrainingRun run, TrainingRun.Result result, EvalResult eval, List<JsonNode> lines) {
        long total = cell.steps();
        long half = total / 2;
        boolean fresh = HeadKinds.named(cell.method().kind()).updatesEveryClassEveryStep();
        NegativeAgeSummary measured = NegativeAgeSummary.of(lines, half);
        NegativeAgeSummary ages = fresh ? byConstruction(measured) : measured;
        double negatives = fresh ? cell.data().identities() - cell.batchIdentities() : meanAfter(lines, half, "neg_count");
        WeightTrace trace = WeightTrace.of(lines);
        WeightTrace.Point last = trace.last();
        return new CellResult(cell.method().label(), cell.data().toString(), total, cell.passesPerIdentity(), cell.viewsPerImage(),
                "ran", run.setup().head().describe(), run.setup().head().stateBytes(), throughput(lines, result.training().imagesPerSecond()),
                EvalPoint.of(total, eval), eval.baseline() == null ? Double.NaN : eval.baseline().meanAccuracy(), ages, fresh,
                negatives, last == null ? Double.NaN : last.normP50(), last == null ? Double.NaN : last.normP10(),
                last == null ? Double.NaN : last.normP90(), trace.meanAfter(half, WeightTrace.Point::targetCos));
    }

    /** The median of the logged windows' images/s ({@link MetricsLines#medianImagesPerSecond}), else the run's mean. */
    private static double throughput(List<JsonNode> lines, double runMean) {
        double median = MetricsLines.medianImagesPerSecond(lines);
        return Double.isNaN(median) ? runMean : median;
    }

    /**
     * A reused cell's throughput taken again from its metrics lines, so every cell of a report
     * states the same measure (results written before the median was used carry the run's mean).
     */
    static CellResult withLoggedThroughput(CellResult r, Path metrics) throws IOException {
        if (!r.ran() || !Files.isRegularFile(metrics)) return r;
        return r.withImagesPerSecond(throughput(MetricsLines.read(metrics), r.imagesPerSecond()));
    }

    /** Ages of a head that writes every class weight every step: 0, with the drift it measured. */
    private static NegativeAgeSummary byConstruction(NegativeAgeSummary measured) {
        NegativeAgeSummary zero = NegativeAgeSummary.allFresh(measured.fromStep());
        return new NegativeAgeSummary(zero.fromStep(), 0, 0, 0, 0, 0, zero.histogram(), measured.linesWithDrift(),
                measured.driftCos(), List.of());
    }

    private static double meanAfter(List<JsonNode> lines, long fromStep, String key) {
        double sum = 0;
        int n = 0;
        for (JsonNode l : lines) {
            if (l.get("step").asLong() <= fromStep || !l.path(key).isNumber()) continue;
            sum += l.get(key).asDouble();
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Whether the cell's folder holds checkpoints of an interrupted run to continue: one whose
     * config.yaml agrees with {@code resolved} in everything but how it ran (threads, logging,
     * checkpoints). With {@code fresh} (--fresh) nothing is continued.
     *
     * @throws IllegalArgumentException when the checkpoints belong to a run with other settings,
     *                                  naming them (continuing would train another experiment;
     *                                  starting over would throw its steps away unasked)
     */
    static boolean resumable(Path dir, Config resolved, boolean fresh, String label) throws IOException {
        Path saved = RunFolder.configFile(dir);
        Path checkpoints = dir.resolve("checkpoints");
        if (fresh || !Files.isRegularFile(saved) || !Files.isDirectory(checkpoints)) return false;
        try (Stream<Path> s = Files.list(checkpoints)) {
            if (s.findAny().isEmpty()) return false;
        }
        if (Files.readString(saved).equals(resolved.toYaml())) return true;
        List<String> changed = studyChanges(saved, resolved);
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException(label + ": " + dir + " holds an interrupted run with other settings ("
                    + String.join("; ", changed) + "); add --fresh to train it again, or use another --out");
        }
        return true;
    }

    /** Null when the head fits in memory, else why not (decided before building anything). */
    static String doesNotFit(Config cfg) {
        long classes = DataSources.open(cfg.string("data", DataSources.DEFAULT), cfg.get(EncoderSpec.SECTION).inputSize()).identityCount();
        int dim = cfg.get(EncoderSpec.SECTION).embeddingSize();
        BatchConfig batch = cfg.get(BatchConfig.SECTION);
        HeadFootprint footprint = HeadKinds.footprint(cfg, new HeadSize(classes, dim, batch.size(), batch.size() / batch.imagesPerIdentity()));
        FitDecision d = FitDecision.decide(footprint, NativeMemory.availableBytes(), SAFETY);
        return d.fits() ? null : d.explanation();
    }

    static String label(RegimeCell cell) {
        return cell.method().label() + " on " + cell.data() + " for " + cell.steps() + " steps";
    }
}
