package org.protoface.cli;

import org.protoface.config.Config;
import org.protoface.data.source.DataSources;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.data.FaceDataset;
import org.protoface.data.io.ImageOptions;
import org.protoface.data.verification.BinValidationSet;
import org.protoface.data.verification.LfwPairsDataset;
import org.protoface.data.verification.VerificationPairs;
import org.protoface.infer.EmbeddingModel;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvalReport;
import org.protoface.eval.EvalResult;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.eval.PairSetEvaluation;
import org.protoface.eval.ScoreFileEvaluation;
import org.protoface.torch.Device;
import org.protoface.torch.Precision;
import org.protoface.torch.PrecisionChoice;
import org.protoface.torch.Torch;
import org.protoface.train.LoopConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained encoder on held-out identities: LFW-style 10-fold accuracy, TAR@FAR, AUC and a raw-pixel baseline.",
                "With --bin/--lfw it is evaluated on validation pair sets instead; --scores runs the same protocol on precomputed pair scores."})
/**
 * {@code protoface eval}: verification metrics of a trained encoder, in one of three modes.
 * <ul>
 *   <li>{@code --scores FILE}: the 10-fold protocol (accuracy, TAR@FAR, AUC) on precomputed pair
 *       scores, no model needed.</li>
 *   <li>{@code --bin}/{@code --lfw}: 10-fold accuracy on the pairs of each named validation set,
 *       written to eval-sets.json (one result object per set).</li>
 *   <li>otherwise: the held-out evaluation of {@code --data} (default: the config's
 *       {@code eval.data}), written to eval.json.</li>
 * </ul>
 * Both files go next to the model (its folder or .onnx file) unless {@code --json} names one.
 * The encoder's forward runs in the run's {@code train.precision} ("auto" resolved for this CPU;
 * fp16, a CUDA-only type, falls back to fp32; a model without its run's config.yaml runs in fp32
 * unless {@code --set} says otherwise).
 * Bad options or data (missing {@code --model}, a held-out source decoded at another size than the
 * model's input) fail with {@link IllegalArgumentException}, which {@link CliErrors} turns into one
 * line and exit code 2.
 */
public final class EvalCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EvalCommand.class);

    @Option(names = "--model", paramLabel = "DIR|FILE.onnx",
            description = "Folder with encoder.pt and encoder.json (a run's model/ folder), or an ONNX recogniser (see --input-mean).")
    Path model;

    @picocli.CommandLine.Mixin
    ModelInputOptions modelInput = new ModelInputOptions();

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "Held-out data source (synthetic:..., folder:PATH, rec:PATH). Default: the run's eval.data.")
    String data;

    @Option(names = "--config", paramLabel = "FILE",
            description = {"Config whose eval section and train.precision to use (default: <model>/../config.yaml if present, else the cpu preset).",
                    "The encoder's forward runs in that precision (--set train.precision=fp32 to override)."})
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value, e.g. --set eval.pairs=3000.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--scores", paramLabel = "FILE",
            description = "Pair scores to evaluate: one pair per line, score<TAB>1|0 (1 = same), in fold order.")
    Path scores;

    @Option(names = "--bin", arity = "1..*", paramLabel = "FILE",
            description = "Validation .bin files (lfw.bin, cfp_fp.bin, ...): 10-fold accuracy on their pairs instead of the held-out evaluation.")
    List<Path> bins = new ArrayList<>();

    @Option(names = "--lfw", paramLabel = "DIR", description = "LFW in its own layout (DIR/pairs.txt, DIR/name/name_0001.jpg), evaluated like --bin.")
    Path lfw;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Where to write the JSON result (default: eval.json next to the model or scores; eval-sets.json with --bin/--lfw).")
    Path json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter console = spec.commandLine().getOut();
        if (scores != null) {
            Path out = json != null ? json : scores.toAbsolutePath().resolveSibling("eval.json");
            EvalResult r = ScoreFileEvaluation.run(scores, out);
            console.println(ScoreFileEvaluation.summary(r));
            console.println("written to " + out);
            return 0;
        }
        if (model == null) throw new IllegalArgumentException("give --model DIR|FILE.onnx (a trained encoder) or --scores FILE");
        Torch.init();
        Path runConfig = model.toAbsolutePath().getParent().resolve("config.yaml");
        boolean lone = config == null && !Files.isRegularFile(runConfig);
        String cfgName = config != null ? config : lone ? "cpu" : runConfig.toString();
        Config cfg = Config.load(cfgName, loneModelOverrides(lone));
        EvalConfig evalCfg = cfg.get(EvalConfig.SECTION);
        if (!bins.isEmpty() || lfw != null) return evaluateSets(evalCfg.flip(), precision(cfg, lone));
        try (EmbeddingModel embedding = modelInput.open(model, precision(cfg, lone))) {
            // stored images are decoded at the model's input size unless the source names a size
            int size = embedding.input().size();
            String trainingData = cfg.string("data", DataSources.DEFAULT);
            if (lone) trainingData = renderedAt(trainingData, size);
            FaceDataset heldOut = data != null ? DataSources.open(data, size) : HeldOutData.open(evalCfg, trainingData, size);
            if (heldOut.imageSize() != size) {
                throw new IllegalArgumentException("the model expects " + size + " px images but data '" + (data != null ? data
                        : evalCfg.data()) + "' is decoded at " + heldOut.imageSize() + " px: drop the explicit size");
            }
            Path out = json != null ? json : model.toAbsolutePath().getParent().resolve("eval.json");
            EvalResult r = EvaluationJob.run(embedding, heldOut, evalCfg, out);
            console.println("data: " + heldOut.describe());
            console.println(ScoreFileEvaluation.summary(r));
            console.println("written to " + out);
        }
        return 0;
    }

    /**
     * A lone model's held-out identities come from the cpu preset's synthetic source, whose images
     * the preset renders at its own encoder's size: render them at the model's size instead (the
     * same identities; synthetic faces can be drawn at any size), so any model can be evaluated
     * without a config. Other sources are left as they are.
     */
    private static String renderedAt(String source, int size) {
        if (!source.startsWith(SyntheticSpec.PREFIX)) return source;
        SyntheticSpec s = SyntheticSpec.parse(source);
        return new SyntheticSpec(s.identities(), s.images(), size, s.seed(), s.offset(), s.difficulty()).toSpecString();
    }

    /**
     * A model folder without its run's config.yaml was trained in an unknown precision: embed it in
     * fp32 (exact for any model) rather than the cpu preset's "auto", unless the user's --set says
     * otherwise (later overrides win).
     */
    private List<String> loneModelOverrides(boolean lone) {
        if (!lone) return overrides;
        List<String> out = new ArrayList<>();
        out.add("train.precision=" + Precision.FP32.key());
        out.addAll(overrides);
        return out;
    }

    /**
     * The precision the model embeds in: the run's own {@code train.precision}, so a model is
     * evaluated as it was during training; "auto" resolves for this CPU. fp16 (a CUDA run) is
     * evaluated in fp32 on the CPU.
     */
    private Precision precision(Config cfg, boolean lone) {
        String requested = cfg.get(LoopConfig.SECTION).precision();
        if (lone && overrides.stream().noneMatch(o -> o.startsWith("train.precision="))) {
            LOG.info("precision fp32: the model folder has no config.yaml of its run beside it, and fp32 embeds any model exactly"
                    + " (--set train.precision=bf16 to embed in bf16)");
            return Precision.FP32;
        }
        if (Precision.FP16.key().equalsIgnoreCase(requested.trim())) return Precision.FP32;
        PrecisionChoice choice = PrecisionChoice.resolve(requested, Device.CPU, PrecisionChoice.cpuFlags());
        LOG.info("precision {}: {}", choice.precision(), choice.reason());
        return choice.precision();
    }

    /**
     * Evaluates the model on each validation set. The default file is eval-sets.json so that the
     * run's eval.json (the held-out evaluation, one result object) is not replaced by another format.
     */
    private int evaluateSets(boolean flipTest, Precision precision) throws Exception {
        try (EmbeddingModel embedding = modelInput.open(model, precision)) {
            return evaluateSets(embedding, flipTest);
        }
    }

    private int evaluateSets(EmbeddingModel embedding, boolean flipTest) throws Exception {
        int size = embedding.input().size();
        List<VerificationPairs> sets = new ArrayList<>();
        for (Path bin : bins) sets.add(BinValidationSet.open(bin, ImageOptions.of(size)));
        if (lfw != null) sets.add(LfwPairsDataset.open(lfw, ImageOptions.of(size)));
        PairSetEvaluation.requireUniqueNames(sets);
        java.io.PrintWriter console = spec.commandLine().getOut();
        Map<String, EvalResult> results = new LinkedHashMap<>();
        for (VerificationPairs set : sets) {
            EvalResult r = PairSetEvaluation.evaluate(embedding, set, flipTest);
            results.put(set.name(), r);
            console.printf(Locale.ROOT, "%-10s %s%n", set.name(), r.summary());
        }
        Path out = json != null ? json : model.toAbsolutePath().getParent().resolve("eval-sets.json");
        EvalReport.writeSets(results, out);
        console.println("written to " + out);
        console.println("encoder forward in " + embedding.precision());
        return 0;
    }
}
