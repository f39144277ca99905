package org.protoface.cli;

import org.protoface.config.Config;
import org.protoface.data.DataSources;
import org.protoface.data.FaceDataset;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvalResult;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.eval.ScoreFileEvaluation;
import org.protoface.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained encoder (LFW-style 10-fold accuracy, TAR@FAR, AUC, raw-pixel baseline),",
                "or run the same protocol on precomputed pair scores with --scores."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "Folder with encoder.pt and encoder.json (a run's model/ folder).")
    Path model;

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "Held-out data source (synthetic:..., folder:PATH, rec:PATH). Default: the run's eval.data.")
    String data;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config whose eval section to use (default: <model>/../config.yaml if present, else the cpu preset).")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value, e.g. --set eval.pairs=3000.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--scores", paramLabel = "FILE",
            description = "Pair scores to evaluate: one pair per line, score<TAB>1|0 (1 = same), in fold order.")
    Path scores;

    @Option(names = "--json", paramLabel = "FILE", description = "Where to write the JSON result (default: eval.json next to the model or scores).")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (scores != null) {
            Path out = json != null ? json : scores.toAbsolutePath().resolveSibling("eval.json");
            EvalResult r = ScoreFileEvaluation.run(scores, out);
            System.out.println(ScoreFileEvaluation.summary(r));
            System.out.println("written to " + out);
            return 0;
        }
        if (model == null) throw new IllegalArgumentException("give --model DIR (a trained encoder) or --scores FILE");
        Torch.init();
        Path runConfig = model.toAbsolutePath().getParent().resolve("config.yaml");
        String cfgName = config != null ? config : Files.isRegularFile(runConfig) ? runConfig.toString() : "cpu";
        Config cfg = Config.load(cfgName, overrides);
        EvalConfig evalCfg = cfg.section("eval", EvalConfig.class);
        FaceDataset heldOut = data != null ? DataSources.open(data) : HeldOutData.open(evalCfg, cfg.string("data"));
        Encoder encoder = EncoderIO.load(model);
        Path out = json != null ? json : model.toAbsolutePath().getParent().resolve("eval.json");
        EvalResult r = EvaluationJob.run(encoder, heldOut, evalCfg, out);
        System.out.println("data: " + heldOut.describe());
        System.out.println(ScoreFileEvaluation.summary(r));
        System.out.println("written to " + out);
        return 0;
    }
}
