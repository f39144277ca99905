package org.protoface.lab.compare;


import org.protoface.util.JsonReports;


import org.protoface.config.Config;
import org.protoface.eval.EvalResult;
import org.protoface.eval.TarAtFar;
import org.protoface.torch.Torch;
import org.protoface.run.JobConfig;
import org.protoface.run.RunFolder;
import org.protoface.run.TrainingRun;
import org.protoface.train.TrainResult;
import org.protoface.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Trains and evaluates several variants of one preset, one after the other with the same seed,
 * steps and batch, and prints a markdown table. Built-in suites give the comparisons the README
 * reports (heads, Prototype Memory ablation); {@code --variant name:k=v;k=v} adds any other.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train and evaluate variants of a preset (same steps, batch, seed) and print a markdown table.",
                "Suites: heads (full, pm, pfc r=1, pfc r=0.1, dsoftmax), ablation (Prototype Memory options)."})
public final class BenchCompareCommand implements Callable<Integer> {
    static final Map<String, List<String>> SUITES = new LinkedHashMap<>();

    static {
        SUITES.put("heads", List.of(
                "full:head=full",
                "pm:head=pm",
                "pfc-r1:head=pfc;pfc.sample_rate=1.0",
                "pfc-r0.1:head=pfc;pfc.sample_rate=0.1",
                "dsoftmax:head=dsoftmax"));
        SUITES.put("ablation", List.of(
                "pm (defaults):head=pm",
                "no grad through prototypes:head=pm;pm.grad_through_prototypes=false",
                "K=2:head=pm;batch.images_per_identity=2",
                "memory 256:head=pm;pm.memory_size=256",
                "memory 4096:head=pm;pm.memory_size=4096",
                "max-age 8:head=pm;pm.max_age=8",
                "quality weights:head=pm;pm.quality_weights=true",
                "leave-one-out:head=pm;pm.leave_one_out=true",
                "doppelganger 0.25:head=pm;pm.doppelganger_fraction=0.25"));
    }

    @Option(names = {"-c", "--config"}, defaultValue = "cpu", description = "Preset or YAML file (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--suite", description = "Built-in variant list: ${COMPLETION-CANDIDATES}.", completionCandidates = SuiteNames.class)
    String suite;

    @Option(names = "--variant", paramLabel = "NAME:K=V;K=V", description = "A variant: a name and overrides separated by ';' (repeatable).")
    List<String> variants = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override applied to every variant (repeatable).")
    List<String> common = new ArrayList<>();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "One sub-folder per variant, plus compare.json and compare.md.")
    Path out;

    static final class SuiteNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SUITES.keySet().iterator();
        }
    }

    record Variant(String name, List<String> overrides) {
        static Variant parse(String spec) {
            int colon = spec.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("variant '" + spec + "' must look like name:key=value;key=value");
            List<String> o = new ArrayList<>();
            for (String kv : spec.substring(colon + 1).split(";")) if (!kv.isBlank()) o.add(kv.trim());
            return new Variant(spec.substring(0, colon).trim(), o);
        }
    }

    @Override
    public Integer call() throws Exception {
        Torch.init();
        List<Variant> list = new ArrayList<>();
        if (suite != null) {
            List<String> s = SUITES.get(suite);
            if (s == null) throw new IllegalArgumentException("unknown suite '" + suite + "' (known: " + SUITES.keySet() + ")");
            s.forEach(v -> list.add(Variant.parse(v)));
        }
        variants.forEach(v -> list.add(Variant.parse(v)));
        if (list.isEmpty()) throw new IllegalArgumentException("give --suite or at least one --variant");
        // build every config first so a typo fails before hours of training
        List<Config> configs = new ArrayList<>();
        for (Variant v : list) {
            List<String> o = new ArrayList<>(common);
            o.addAll(v.overrides());
            Config c = Config.load(config, o);
            JobConfig.resolve(c);
            configs.add(c);
        }
        Files.createDirectories(out);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Variant v = list.get(i);
            Path dir = out.resolve(String.format("%02d-%s", i, v.name().replaceAll("[^A-Za-z0-9.=-]+", "_")));
            System.out.printf("[%d/%d] %s (%s)%n", i + 1, list.size(), v.name(), String.join("; ", v.overrides()));
            long t0 = System.nanoTime();
            TrainingRun run = TrainingRun.build(configs.get(i), dir);
            TrainingRun.Result result = run.run(RunFolder.Mode.OVERWRITE, true, new PrintStream(new ByteArrayOutputStream()));
            TrainResult tr = result.training();
            EvalResult er = result.evaluation().orElseThrow(() -> new IllegalArgumentException(
                    "variant '" + v.name() + "' has no held-out data to compare on: set eval.data"));
            double minutes = (System.nanoTime() - t0) / 60e9;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("variant", v.name());
            row.put("overrides", v.overrides());
            row.put("steps", tr.stepsDone());
            row.put("accuracy", er.verification().meanAccuracy());
            row.put("accuracy_std", er.verification().stdAccuracy());
            for (TarAtFar t : er.tarAtFar()) row.put("tar_at_far_" + EvalResult.farKey(t.targetFar()), t.resolved() ? t.tar() : null);
            row.put("auc", er.auc());
            row.put("baseline_raw_pixels", er.baseline() == null ? null : er.baseline().meanAccuracy());
            row.put("final_loss", tr.lastLoss());
            row.put("images_per_s", tr.imagesPerSecond());
            row.put("head_state_bytes", run.setup().head().stateBytes());
            row.put("minutes", minutes);
            row.put("dir", dir.toString());
            rows.add(row);
            System.out.printf(Locale.ROOT, "    accuracy %.4f +- %.4f, AUC %.4f, %.1f min%n", er.verification().meanAccuracy(),
                    er.verification().stdAccuracy(), er.auc(), minutes);
            writeOutputs(rows);
        }
        System.out.println();
        System.out.print(markdown(rows));
        return 0;
    }

    private void writeOutputs(List<Map<String, Object>> rows) throws java.io.IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config", config);
        doc.put("common_overrides", common);
        doc.put("command", "protoface bench compare -c " + config + (suite != null ? " --suite " + suite : "")
                + common.stream().map(c -> " --set " + c).reduce("", String::concat));
        doc.put("results", rows);
        JsonReports.write(out.resolve("compare.json"), doc);
        AtomicFiles.writeString(out.resolve("compare.md"), markdown(rows));
    }

    static String markdown(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| variant | 10-fold accuracy | TAR@FAR=1e-3 | TAR@FAR=1e-4 | AUC | raw pixels | final loss | images/s |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f +- %.4f | %s | %s | %.4f | %s | %.3f | %.0f |%n",
                    r.get("variant"), (double) r.get("accuracy"), (double) r.get("accuracy_std"),
                    fmt(r.get("tar_at_far_1e-3")), fmt(r.get("tar_at_far_1e-4")), (double) r.get("auc"),
                    fmt(r.get("baseline_raw_pixels")), (double) r.get("final_loss"), (double) r.get("images_per_s")));
        }
        return sb.toString();
    }

    private static String fmt(Object o) {
        return o == null ? "n/a" : String.format(Locale.ROOT, "%.4f", (Double) o);
    }
}
