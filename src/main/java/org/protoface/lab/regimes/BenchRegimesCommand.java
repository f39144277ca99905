package org.protoface.lab.regimes;

import org.protoface.lab.heads.HeadCase;
import org.protoface.torch.Torch;
import org.protoface.train.LoopConfig;
import org.protoface.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code protoface bench regimes}: when Prototype Memory wins; trains each method along passes per identity at a
 * fixed image budget and along training length, and evaluates every run on the same held-out identities.
 * See the {@code bench regimes} row of "Commands" in README.md.
 */
@Command(name = "regimes", mixinStandardHelpOptions = true,
        description = {"When does Prototype Memory win? Trains the same encoder with each method along two axes and "
                + "evaluates every run on the same held-out identities: (1) passes per identity at a fixed image budget "
                + "(datasets from narrow to wide, the same steps); (2) training length on the base data (multiples of the "
                + "base steps, the longest only for --longest-methods).",
                "Writes <out>/<data>-<steps>steps/<method>/ (a training run each), <out>/regimes.md, regimes.json, "
                        + "accuracy-vs-passes.png, accuracy-vs-steps.png and class-weights.png. Finished cells are reused "
                        + "unless --fresh; an interrupted cell resumes from its checkpoint. Two invocations on the same "
                        + "--out share the work (a cell is locked while it trains)."})
public final class BenchRegimesCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "cpu", description = "Base preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--methods", defaultValue = RegimesPlan.DEFAULT_METHODS,
            description = "Heads to compare: full, pfc:RATE, dsoftmax:K, pm:M (default: ${DEFAULT-VALUE}).")
    String methods;

    @Option(names = "--data", paramLabel = "NxK,...",
            description = "Data points of the passes axis, identities x images (default: " + RegimesPlan.DEFAULT_DATA
                    + "; with --quick " + RegimesPlan.QUICK_DATA + ").")
    String data;

    @Option(names = "--lengths", defaultValue = RegimesPlan.DEFAULT_LENGTHS,
            description = "Multiples of the base steps on the length axis, starting with 1 (default: ${DEFAULT-VALUE}).")
    String lengths;

    @Option(names = "--longest-methods", defaultValue = RegimesPlan.DEFAULT_LONGEST,
            description = "Methods trained at the longest length, or 'all' (default: ${DEFAULT-VALUE}).")
    String longest;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Config override for every cell, e.g. --set train.threads=1; data=synthetic:... and train.steps=N "
                    + "set the base data point and the base length (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--quick", description = "CI size: tiny images and encoder, 30 base steps, a small held-out set (minutes).")
    boolean quick;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--fresh", description = "Train every cell again, even one with a result.json from an earlier invocation.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        try {
            return study();
        } catch (InterruptedException stopped) {
            // Ctrl-C: the cell said where its checkpoint is; rerunning the same command resumes
            System.err.println("protoface: " + stopped.getMessage());
            return 130;
        }
    }

    private int study() throws Exception {
        Torch.init();
        RegimesPlan plan = RegimesPlan.of(preset, quick, overrides, methods, data, lengths, longest);
        for (String w : plan.warnings()) System.err.println("protoface: warning: " + w);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        // with --fresh, only results written by this invocation or a parallel one started with it count
        FileTime reuseFrom = fresh ? FileTime.from(Instant.now().minusSeconds(1)) : FileTime.fromMillis(0);
        List<RegimeCell> cells = plan.cells();
        System.out.printf(Locale.ROOT, "%d cells: %s%n", cells.size(), String.join(", ", cells.stream().map(RegimeCell::folder).toList()));
        Map<RegimeCell, CellResult> results = new LinkedHashMap<>();
        List<RegimeCell> heldElsewhere = new ArrayList<>();
        for (RegimeCell c : cells) {
            CellRunner.tryRun(plan, c, out.resolve(c.folder()), reuseFrom, System.out).ifPresentOrElse(r -> results.put(c, r),
                    () -> heldElsewhere.add(c));
            System.gc(); // the finished run's native tensors go now, not when the heap fills
        }
        for (RegimeCell c : heldElsewhere) results.put(c, CellRunner.runOrWait(plan, c, out.resolve(c.folder()), reuseFrom, System.out));

        List<RegimesReport.Entry> passes = entries(plan.passesCells(), results);
        List<RegimesReport.Entry> length = entries(plan.lengthCells(), results);
        List<RegimesReport.Entry> all = entries(cells, results);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        LoopConfig loop = plan.base().get(LoopConfig.SECTION);
        String throughput = String.format(Locale.ROOT, "Images/s: the median of a cell's logged windows after the first; this "
                        + "invocation trained with train.threads=%d (0 = all cores), train.loader_workers=%d on %d cores, and cells "
                        + "reused from earlier invocations with what their own config.yaml says; load average %.1f when this "
                        + "invocation started, %.1f when it ended (other jobs share the machine, so images/s compare only roughly; "
                        + "accuracies do not depend on the load).", loop.threads(), loop.loaderWorkers(),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        String md = RegimesReport.markdown(plan, passes, length, throughput);
        System.out.println();
        System.out.print(md);
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve("regimes.md"), md);
        RegimesReport.writeJson(out.resolve("regimes.json"), plan, all, passes, length);
        List<String> labels = plan.methods().stream().map(HeadCase::label).toList();
        if (passes.stream().anyMatch(e -> e.result() != null && e.result().ran())) {
            RegimesPlots.accuracyVsPasses(out.resolve("accuracy-vs-passes.png"), labels, passes);
        }
        if (length.stream().anyMatch(e -> e.result() != null && e.result().ran())) {
            RegimesPlots.accuracyVsSteps(out.resolve("accuracy-vs-steps.png"), labels, length);
        }
        classWeightsPlot(plan, passes, labels);
        System.out.println("written to " + out.resolve("regimes.md") + ", regimes.json and the PNGs next to it");
        return 0;
    }

    /** Class weights over the run at the widest data point (solid) and the base data point (dashed). */
    private void classWeightsPlot(RegimesPlan plan, List<RegimesReport.Entry> passes, List<String> labels) throws Exception {
        DataPoint widest = plan.passesData().stream().max((a, b) -> Integer.compare(a.identities(), b.identities())).orElseThrow();
        DataPoint base = plan.baseData();
        List<RegimesPlots.Trace> traces = new ArrayList<>();
        for (RegimesReport.Entry e : passes) {
            boolean isWidest = e.cell().data().equals(widest), isBase = e.cell().data().equals(base);
            if (e.result() == null || !e.result().ran() || !(isWidest || isBase)) continue;
            Path metrics = out.resolve(e.cell().folder()).resolve("metrics.jsonl");
            if (!Files.isRegularFile(metrics)) continue;
            WeightTrace t = WeightTrace.of(org.protoface.lab.obsolescence.MetricsLines.read(metrics));
            traces.add(new RegimesPlots.Trace(e.cell().method().label() + " on " + e.cell().data(), labels.indexOf(e.cell().method().label()),
                    !isWidest, t));
        }
        if (traces.stream().anyMatch(t -> t.trace().points().stream().anyMatch(p -> !Double.isNaN(p.driftCos()) || !Double.isNaN(p.normP50())))) {
            RegimesPlots.classWeights(out.resolve("class-weights.png"), "Stored class weights over the run: " + widest
                    + " (solid) and " + base + " (dashed)", traces);
        }
    }

    private static List<RegimesReport.Entry> entries(List<RegimeCell> cells, Map<RegimeCell, CellResult> results) {
        return cells.stream().map(c -> new RegimesReport.Entry(c, results.get(c))).toList();
    }
}
