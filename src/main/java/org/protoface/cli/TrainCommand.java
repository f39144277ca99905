package org.protoface.cli;

import org.protoface.config.Config;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.DistConfig;
import org.protoface.distributed.LocalLauncher;
import org.protoface.distributed.RankEnv;
import org.protoface.run.JobConfig;
import org.protoface.encoder.EncoderIO;
import org.protoface.eval.ScoreFileEvaluation;
import org.protoface.util.Bytes;
import org.protoface.torch.Torch;
import org.protoface.train.BatchConfig;
import org.protoface.train.TrainResult;
import org.protoface.run.RunFolder;
import org.protoface.run.StopOnExit;
import org.protoface.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code protoface train}: one training run, on this process, on N local ranks ({@code --nproc}), or as one rank of a torchrun/SLURM job. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an encoder with the configured head, save it under <out>/model/ and evaluate it on held-out identities.",
                "Ctrl-C writes a checkpoint and exits; --resume continues from the newest checkpoint in <out>/checkpoints/.",
                "Several processes: --nproc N on one host, or one 'protoface train' per rank under torchrun-style variables"
                        + " (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT) or srun (SLURM_PROCID, SLURM_NTASKS, ...);"
                        + " batch.size is the global batch."})
public final class TrainCommand implements Callable<Integer> {
    /** The program every rank runs: the composition root (named, not imported: cli sits below app). */
    static final String MAIN_CLASS = "org.protoface.app.Main";

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

    @Option(names = "--nproc", paramLabel = "N",
            description = "Train on N processes on this host (child JVMs, rank 0 hosts the rendezvous): data-parallel encoder, class rows"
                    + " split across ranks; train.threads is per process (0 shares the cores). Leave it out under torchrun or srun.")
    Integer nproc;

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
        RankEnv env = RankEnv.fromEnvironment();
        if (nproc != null) {
            if (nproc < 1) throw new IllegalArgumentException("--nproc must be >= 1, got " + nproc);
            if (env.isDistributed() || LocalLauncher.isRank(System.getenv())) {
                throw new IllegalArgumentException("--nproc starts the ranks itself, but this process already is rank " + env.rank() + " of "
                        + env.worldSize() + " (" + env.source() + " variables): leave --nproc out");
            }
        }
        if (out == null) {
            if (resume) throw new IllegalArgumentException("--resume needs --out DIR (the run to continue)");
            if (env.isDistributed()) {
                throw new IllegalArgumentException("rank " + env.rank() + " of " + env.worldSize() + " needs --out DIR: the same run folder"
                        + " for every rank (on a file system all hosts share)");
            }
            String name = Path.of(config).getFileName().toString().replace(".yaml", "");
            out = Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        List<String> settings = effectiveOverrides();
        Path savedConfig = RunFolder.configFile(out);
        boolean configGiven = spec.commandLine().getParseResult().hasMatchedOption("--config");
        Config cfg = resume && Files.isRegularFile(savedConfig) && !configGiven
                ? Config.load(savedConfig.toString(), settings)
                : Config.load(config, settings);
        Config resolved = JobConfig.resolve(cfg);
        if (nproc != null && nproc > 1) {
            // what every rank would refuse is refused here, before N JVMs start and join the group
            TrainingRun.localBatch(resolved.get(BatchConfig.SECTION), nproc);
            if (resume) RunFolder.requireCheckpoint(out);
            else if (!overwrite) RunFolder.requireNew(out);
            return launch(nproc);
        }
        DistConfig dist = resolved.get(DistConfig.SECTION);
        try (Collectives world = Collectives.connect(env, dist)) {
            return train(cfg, env, world);
        }
    }

    /**
     * Starts {@code ranks} child JVMs running this same command line (without --nproc, with the
     * run folder fixed) and waits for them; their output goes to {@code <out>/logs/rank-<r>.log},
     * rank 0's also to this console.
     *
     * @return 0 when every rank succeeded, else the first failed rank's exit code
     */
    private int launch(int ranks) throws Exception {
        List<String> args = new ArrayList<>(LocalLauncher.without(spec.commandLine().getParseResult().originalArgs(), "--nproc"));
        if (!spec.commandLine().getParseResult().hasMatchedOption("--out")) {
            args.add("--out");
            args.add(out.toString());
        }
        // Ctrl-C reaches every rank: give them time to agree on a step and write its checkpoint
        LocalLauncher.Outcome outcome = new LocalLauncher(ranks, MAIN_CLASS, args).logDir(out.resolve("logs"))
                .stopGrace(Duration.ofSeconds(60)).run();
        return outcome.exitCode();
    }

    private int train(Config cfg, RankEnv env, Collectives world) throws Exception {
        TrainingRun run = TrainingRun.build(cfg, out, env, world);
        RunFolder.Mode mode = resume ? RunFolder.Mode.RESUME : overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.NEW;

        if (world.rank() == 0) {
            System.out.println("data:    " + run.data().describe());
            System.out.println("encoder: " + EncoderIO.summary(run.setup().encoder()));
            System.out.println("head:    " + run.setup().head().describe() + "; state " + Bytes.format(run.setup().head().stateBytes()));
            if (world.worldSize() > 1) {
                System.out.println("ranks:   " + world.worldSize() + " (" + env.source() + "), " + Torch.threads()
                        + " libtorch thread(s) each; global batch " + run.config().tree().path("batch").path("size").asInt());
            }
            System.out.println("output:  " + out.toAbsolutePath());
        }

        TrainingRun.Result result;
        // Ctrl-C: the run stops at a step boundary with a checkpoint; the exit waits for the message
        try (StopOnExit ignored = StopOnExit.install(run)) {
            result = run.run(mode, !noEval, System.out);
            if (result.training().interrupted()) {
                if (world.rank() != 0) return 130;
                System.out.println("interrupted at step " + result.training().stepsDone() + "; checkpoint "
                        + result.training().lastCheckpoint() + "\nresume with: protoface train --out " + out + " --resume");
                return 130;
            }
        }
        if (world.rank() != 0) return 0;
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
