package org.protoface.cli;

import org.protoface.config.Config;
import org.protoface.encoder.EncoderIO;
import org.protoface.eval.ScoreFileEvaluation;
import org.protoface.util.Bytes;
import org.protoface.torch.Torch;
import org.protoface.train.TrainResult;
import org.protoface.run.RunFolder;
import org.protoface.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an encoder with the configured head, save it under <out>/model/ and evaluate it on held-out identities.",
                "Ctrl-C writes a checkpoint and exits; --resume continues from the newest checkpoint in <out>/checkpoints/."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "NAME|FILE", defaultValue = "cpu",
            description = "Preset name in configs/ or a YAML file (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value, e.g. --set head=full --set optim.lr=0.05 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "Training data, the same as --set data=SOURCE: rec:PATH, folder:DIR, list:FILE or synthetic:... "
                    + "(append ?size=N to decode at the encoder's input size).")
    String data;

    @Option(names = "--head", paramLabel = "NAME", description = "The head, the same as --set head=NAME: full, pm, pfc or dsoftmax.")
    String head;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (default: runs/<config>-<time>).")
    Path out;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in <out>/checkpoints/ (uses <out>/config.yaml unless --config is given).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace the run already in <out> (its checkpoints, metrics, model and evaluation) instead of refusing a non-empty folder.")
    boolean overwrite;

    @Option(names = "--no-eval", description = "Skip the evaluation at the end.")
    boolean noEval;

    @Option(names = "--val", arity = "1..*", paramLabel = "FILE",
            description = "Validation sets (.bin files or LFW folders) evaluated every eval.val_every steps and at the end; replaces eval.val_sets.")
    List<Path> val = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * The --set overrides with the --data, --head and --val shortcuts folded in. The shortcuts go
     * first so that an explicit --set of the same key wins; JSON strings and lists are valid YAML,
     * so any path survives the override parser.
     */
    List<String> effectiveOverrides() throws com.fasterxml.jackson.core.JsonProcessingException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> all = new ArrayList<>();
        if (data != null) all.add("data=" + json.writeValueAsString(data));
        if (head != null) all.add("head=" + json.writeValueAsString(head));
        if (!val.isEmpty()) all.add("eval.val_sets=" + json.writeValueAsString(val.stream().map(p -> p.toAbsolutePath().toString()).toList()));
        all.addAll(overrides);
        return all;
    }

    @Override
    public Integer call() throws Exception {
        Torch.init();
        if (resume && overwrite) throw new IllegalArgumentException("--resume and --overwrite exclude each other");
        if (out == null) {
            if (resume) throw new IllegalArgumentException("--resume needs --out DIR (the run to continue)");
            String name = Path.of(config).getFileName().toString().replace(".yaml", "");
            out = Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        List<String> settings = effectiveOverrides();
        Path savedConfig = RunFolder.configFile(out);
        boolean configGiven = spec.commandLine().getParseResult().hasMatchedOption("--config");
        Config cfg = resume && Files.isRegularFile(savedConfig) && !configGiven
                ? Config.load(savedConfig.toString(), settings)
                : Config.load(config, settings);
        TrainingRun run = TrainingRun.build(cfg, out);
        RunFolder.Mode mode = resume ? RunFolder.Mode.RESUME : overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.NEW;

        System.out.println("data:    " + run.data().describe());
        System.out.println("encoder: " + EncoderIO.summary(run.setup().encoder()));
        System.out.println("head:    " + run.setup().head().describe() + "; state " + Bytes.format(run.setup().head().stateBytes()));
        System.out.println("output:  " + out.toAbsolutePath());

        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            run.requestStop();
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "checkpoint-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainingRun.Result result;
        try {
            result = run.run(mode, !noEval, System.out);
            if (result.training().interrupted()) {
                System.out.println("interrupted at step " + result.training().stepsDone() + "; checkpoint "
                        + result.training().lastCheckpoint() + "\nresume with: protoface train --out " + out + " --resume");
                return 130;
            }
        } finally {
            // lets the shutdown hook (Ctrl-C) return only once the checkpoint and message are out
            finished.countDown();
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        TrainResult trained = result.training();
        if (result.stepsThisProcess() == 0) {
            System.out.printf("trained 0 steps (the run was already at step %d); model saved to %s%n", trained.stepsDone(), result.modelDir());
        } else {
            System.out.printf("trained %d steps%s at %.0f images/s (data wait %.1f%%); model saved to %s%n",
                    result.stepsThisProcess(), result.startStep() > 0 ? " (steps " + result.startStep() + " to " + trained.stepsDone() + ")" : "",
                    trained.imagesPerSecond(), 100 * trained.dataWaitShare(), result.modelDir());
        }
        result.evaluation().ifPresent(eval -> System.out.println(
                ScoreFileEvaluation.summary(eval) + "\neval written to " + out.resolve("eval.json")));
        return 0;
    }
}
