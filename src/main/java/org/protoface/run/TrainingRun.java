package org.protoface.run;

import org.protoface.config.Config;
import org.protoface.data.FaceDataset;
import org.protoface.data.LookalikeSampling;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.loader.BatchLoader;
import org.protoface.data.loader.IdentityBatchSampler;
import org.protoface.data.source.DataSources;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.DataParallelSync;
import org.protoface.distributed.DistConfig;
import org.protoface.distributed.RankEnv;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvalResult;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.eval.PeriodicValidation;
import org.protoface.head.ClassUpdate;
import org.protoface.head.Head;
import org.protoface.head.HeadContext;
import org.protoface.head.HeadSize;
import org.protoface.head.MarginSpec;
import org.protoface.head.memory.Replica;
import org.protoface.head.registry.HeadKinds;
import org.protoface.infer.TorchEncoderModel;
import org.protoface.torch.Device;
import org.protoface.torch.Precision;
import org.protoface.torch.PrecisionChoice;
import org.protoface.torch.Torch;
import org.protoface.train.BatchConfig;
import org.protoface.train.GradientSync;
import org.protoface.train.LoopConfig;
import org.protoface.train.MetricsLog;
import org.protoface.train.OptimConfig;
import org.protoface.train.ScheduleConfig;
import org.protoface.train.StepHook;
import org.protoface.train.StepTimer;
import org.protoface.train.TrainResult;
import org.protoface.train.TrainSetup;
import org.protoface.train.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One training run, the same for every command that trains (train, bench compare, the lab's
 * studies): build the data, encoder and head from a config; prepare the run folder; save the
 * resolved config; train; save the model; evaluate it on held-out identities.
 *
 * <p>One run can be one rank of several ({@link #build(Config, Path, RankEnv, Collectives)}): the
 * configured {@code batch.size} is then the global batch, each rank loading its share; the
 * encoder is data parallel (libtorch's DDP reducer), the head takes its distributed form (class
 * rows split across ranks, or identical replicas), checkpoints are written together, and only
 * rank 0 speaks: console, metrics.jsonl, the run folder's files, validation, the model and its
 * evaluation. The ranks leave their group once training ends, so none waits on rank 0's evaluation.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final Config config;
    private final Path out;
    private final FaceDataset data;
    private final IdentityBatchSampler sampler;
    private final AugmentConfig augment;
    private final TrainSetup setup;
    private final Precision precision;
    private final Trainer trainer;
    private final Collectives world;

    /**
     * What a finished (or stopped) run produced.
     *
     * @param startStep the step this process started from (the resumed checkpoint's, else 0)
     */
    public record Result(TrainResult training, Path modelDir, Optional<EvalResult> evaluation, long startStep) {
        /** Steps trained by this process (0 when a resumed run had already reached train.steps). */
        public long stepsThisProcess() {
            return Math.max(0, training.stepsDone() - startStep);
        }
    }

    private TrainingRun(Config config, Path out, FaceDataset data, IdentityBatchSampler sampler, AugmentConfig augment,
                        TrainSetup setup) {
        this.world = setup.world();
        this.config = config;
        this.out = out;
        this.data = data;
        this.sampler = sampler;
        this.augment = augment;
        this.setup = setup;
        this.precision = Precision.parse(setup.loop().precision());
        this.trainer = new Trainer(setup);
    }

    /**
     * Builds everything a run needs from {@code cfg} without writing any file: every section is
     * validated first, so a typo fails before a dataset is opened.
     *
     * @throws org.protoface.config.ConfigException naming a bad key or value
     * @throws IllegalArgumentException             when the data and the encoder disagree, or a device is unavailable
     */
    public static TrainingRun build(Config cfg, Path out) {
        return build(cfg, out, RankEnv.single(), Collectives.single());
    }

    /**
     * Builds this rank's part of a run of {@code world.worldSize()} ranks (every rank calls it with
     * the same config; collectives run inside: the encoder's weights are broadcast from rank 0).
     *
     * @param env   where this rank runs (its host's rank count divides the cores when train.threads is 0)
     * @throws IllegalArgumentException when the batch cannot be split into whole identities per
     *                                  rank, or several ranks are asked to train on a CUDA device
     */
    public static TrainingRun build(Config cfg, Path out, RankEnv env, Collectives world) {
        Config resolved = JobConfig.resolve(cfg);
        LoopConfig loop = resolved.get(LoopConfig.SECTION);
        DistConfig dist = resolved.get(DistConfig.SECTION);
        Device device = Device.parse(loop.device());
        int ranks = world.worldSize();
        if (ranks > 1 && !device.isCpu()) {
            throw new IllegalArgumentException("train.device " + loop.device() + " with " + ranks + " ranks: distributed training runs"
                    + " over Gloo on the CPU (NCCL is not wired in); use train.device=cpu, or train on one process");
        }
        PrecisionChoice precision = precisionOf(loop);
        LOG.info("precision {}: {}", precision.precision(), precision.reason());
        resolved = withPrecision(resolved, precision);
        loop = resolved.get(LoopConfig.SECTION);
        if (loop.threads() > 0 || env.localWorldSize() > 1) {
            // train.threads is per rank; 0 shares this host's cores among its ranks
            Torch.setThreads(env.threadsPerRank(loop.threads(), Runtime.getRuntime().availableProcessors()));
        }
        // every random draw of the run (weights, dropout) starts from the configured seed
        Torch.manualSeed(loop.seed());
        EncoderSpec spec = resolved.get(EncoderSpec.SECTION);
        FaceDataset data = openData(resolved.string("data", DataSources.DEFAULT), spec);
        BatchConfig batch = resolved.get(BatchConfig.SECTION);
        int local = localBatch(batch, ranks);
        Encoder encoder = Encoders.create(spec);
        encoder.freezeBatchNorm(dist.frozenBatchNorm());
        if (!device.isCpu()) encoder.to(device.toTorch(), false);
        precision.precision().prepareModule(encoder);
        OptimConfig optim = resolved.get(OptimConfig.SECTION);
        HeadContext context = new HeadContext(new HeadSize(data.identityCount(), spec.embeddingSize(), local,
                local / batch.imagesPerIdentity()), resolved.get(MarginSpec.SECTION), device, world, loop.seed(), classUpdate(optim));
        Head head = HeadKinds.create(resolved, context);
        // the global batch: every rank draws the same batches and loads its own slice of each
        IdentityBatchSampler sampler = new IdentityBatchSampler(data.identityCount(), data::imageCount, batch.size(),
                batch.imagesPerIdentity(), loop.seed());
        head.capability(LookalikeSampling.class).ifPresent(l -> sampler.useLookalikes(l.source(), l.batchFraction()));
        GradientSync sync = ranks == 1 ? GradientSync.LOCAL
                : GradientSync.dataParallel(() -> new DataParallelSync(world, encoder.parameters(), encoder.buffers(), dist));
        TrainSetup setup = new TrainSetup(encoder, head, optim, resolved.get(ScheduleConfig.SECTION), loop, out, sync, device, world);
        return new TrainingRun(resolved, out, data, sampler, resolved.get(AugmentConfig.SECTION), setup);
    }

    /**
     * The configuration a run of {@code cfg} trains with and saves as its config.yaml: every key
     * with its value, and {@code train.precision} "auto" replaced by the precision this machine
     * runs. Builds nothing.
     *
     * @throws org.protoface.config.ConfigException naming a bad key or value
     * @throws IllegalArgumentException             when train.device names a device this build cannot use
     */
    public static Config resolvedConfig(Config cfg) {
        Config resolved = JobConfig.resolve(cfg);
        return withPrecision(resolved, precisionOf(resolved.get(LoopConfig.SECTION)));
    }

    private static PrecisionChoice precisionOf(LoopConfig loop) {
        return PrecisionChoice.resolve(loop.precision(), Device.parse(loop.device()), PrecisionChoice.cpuFlags());
    }

    /** "auto" becomes what this machine runs, so config.yaml, the metrics and eval.json name the precision actually used. */
    private static Config withPrecision(Config resolved, PrecisionChoice precision) {
        LoopConfig loop = resolved.get(LoopConfig.SECTION).withPrecision(precision.precision().key());
        return resolved.with(LoopConfig.SECTION.key(), Config.treeOf(loop));
    }

    /**
     * Images per rank: {@code batch.size} is the global batch, split into whole identities.
     *
     * @throws IllegalArgumentException when the global batch does not split into {@code ranks}
     *                                  equal parts of whole identities, saying which multiple it must be
     */
    public static int localBatch(BatchConfig batch, int ranks) {
        int k = batch.imagesPerIdentity();
        if (batch.size() % ((long) ranks * k) != 0) {
            long unit = (long) ranks * k;
            long below = batch.size() / unit * unit, above = below + unit;
            throw new IllegalArgumentException("batch.size " + batch.size() + " is the global batch: over " + ranks + " ranks it must split"
                    + " into whole identities, a multiple of " + ranks + " x batch.images_per_identity " + k + " = " + unit
                    + "; set batch.size=" + (below > 0 ? below + " or " : "") + above + ", or use another number of ranks");
        }
        return batch.size() / ranks;
    }

    /** The run's optimizer rule, for class weights a head updates itself. */
    static ClassUpdate classUpdate(OptimConfig optim) {
        return optim.type().equals("adamw") ? ClassUpdate.adamW(optim.beta1(), optim.beta2(), optim.eps(), optim.weightDecay())
                : ClassUpdate.sgd(optim.momentum(), optim.weightDecay());
    }

    /** Images are decoded at the encoder's input size unless the source names a size itself, which must then agree. */
    private static FaceDataset openData(String source, EncoderSpec spec) {
        FaceDataset data = DataSources.open(source, spec.inputSize());
        if (spec.inputSize() != data.imageSize()) {
            String fix = source.startsWith("synthetic:") ? "set size=" + spec.inputSize() + " in the synthetic source"
                    : "drop the explicit size ('" + source.replaceFirst("\\?size=\\d+$", "") + "' decodes at the encoder's size)";
            throw new IllegalArgumentException("encoder.input_size is " + spec.inputSize() + " but data '" + source + "' gives "
                    + data.imageSize() + " px images: " + fix + ", or set encoder.input_size=" + data.imageSize());
        }
        return data;
    }

    /** The resolved configuration (every key with its value). */
    public Config config() {
        return config;
    }

    /**
     * What the trainer trains and how: encoder, head, optimizer and schedule settings, device,
     * gradient sync and this rank's world.
     */
    public TrainSetup setup() {
        return setup;
    }

    /** The run's resolved precision (never "auto"). */
    public Precision precision() {
        return precision;
    }

    /** Where each training step reports its part boundaries (the lab's step profile). */
    public void setStepTimer(StepTimer timer) {
        trainer.setStepTimer(timer);
    }

    /**
     * The training data, opened from the config's {@code data:} source at {@code encoder.input_size};
     * every rank opens all of it and loads its slice of each global batch.
     */
    public FaceDataset data() {
        return data;
    }

    /**
     * The run folder: config.yaml, checkpoints, metrics.jsonl, model/ and eval.json are written
     * here (by rank 0 alone, except the checkpoints, which the ranks write together).
     */
    public Path out() {
        return out;
    }

    /** Adds work after every step (evaluations of a study, benchmark timing, a stop request). */
    public void addHook(StepHook hook) {
        trainer.addStepHook(hook);
    }

    /** Asks the run to checkpoint and return at the next step boundary (Ctrl-C). */
    public void requestStop() {
        trainer.requestStop();
    }

    /**
     * Prepares the folder ({@link RunFolder}), checks a resumed run's configuration against the saved
     * one ({@link ResumeCheck}), saves the resolved config, trains with the configured periodic
     * validation, saves the model to {@code <out>/model/} and, with {@code evaluate}, evaluates it on
     * held-out identities ({@code <out>/eval.json}); a run without held-out data says how to get one.
     * A stopped run returns after its checkpoint, without model or evaluation.
     */
    public Result run(RunFolder.Mode mode, boolean evaluate, PrintStream console) throws IOException, InterruptedException {
        boolean root = world.rank() == 0;
        if (mode == RunFolder.Mode.RESUME) checkResume();
        if (root) {
            RunFolder.prepare(out, mode);
            config.save(RunFolder.configFile(out));
        }
        // the other ranks write into the folder (checkpoints) only once rank 0 has prepared it
        world.barrier();
        EvalConfig evalCfg = config.get(EvalConfig.SECTION);
        if (root) PeriodicValidation.fromConfig(evalCfg, setup.encoder(), precision).ifPresent(trainer::addStepHook);
        LoopConfig loop = setup.loop();
        if (world.worldSize() > 1) {
            setup.head().capability(Replica.class).ifPresent(r -> trainer.addStepHook(new ReplicaCheck(world, r, loop.logEvery())));
        }
        long start = mode == RunFolder.Mode.RESUME ? trainer.resume(sampler) : 0;
        if (start >= setup.loop().steps()) console.println(ResumeCheck.alreadyFinished(start, setup.loop().steps(), evaluate));
        if (root && start > 0) {
            int dropped = MetricsLog.dropLinesAfter(out.resolve("metrics.jsonl"), start);
            if (dropped > 0) LOG.info("metrics.jsonl: removed {} line(s) after step {} (trained again from its checkpoint)", dropped, start);
        }
        TrainResult trained;
        try (BatchLoader loader = new BatchLoader(data, sampler, augment, loop.seed(), loop.loaderWorkers(), loop.prefetch(),
                world.rank(), world.worldSize());
             MetricsLog metrics = root ? new MetricsLog(out.resolve("metrics.jsonl"), loop.logEvery(), Map.of("precision", precision.key()),
                     world.worldSize()) : MetricsLog.discarding(loop.logEvery(), world.worldSize())) {
            trained = trainer.run(start, loader, metrics, root ? console : new PrintStream(OutputStream.nullOutputStream()));
        }
        // training is over for every rank: leave the group now, so no rank waits in a barrier
        // (bounded by dist.timeout_s) while rank 0 saves and evaluates the model
        world.close();
        if (trained.interrupted() || !root) return new Result(trained, null, Optional.empty(), start);
        Path modelDir = out.resolve("model");
        EncoderIO.save(setup.encoder(), modelDir);
        return new Result(trained, modelDir, evaluate ? evaluate(evalCfg, console) : Optional.empty(), start);
    }

    private Optional<EvalResult> evaluate(EvalConfig evalCfg, PrintStream console) throws IOException {
        HeldOutData.Choice heldOut = HeldOutData.forTraining(evalCfg, config.string("data", DataSources.DEFAULT),
                setup.encoder().spec().inputSize());
        if (heldOut.data().isEmpty()) {
            console.println(heldOut.skipReason().replace("<out>", out.toString()));
            return Optional.empty();
        }
        return Optional.of(EvaluationJob.run(new TorchEncoderModel(setup.encoder(), out.resolve("model").toString(), precision),
                heldOut.data().get(), evalCfg, out.resolve("eval.json")));
    }

    private void checkResume() throws IOException {
        RunFolder.requireCheckpoint(out);
        Path saved = RunFolder.configFile(out);
        if (!Files.isRegularFile(saved)) {
            throw new IllegalArgumentException("cannot resume " + out + ": it has checkpoints but no config.yaml");
        }
        ResumeCheck.Outcome outcome = ResumeCheck.compare(JobConfig.resolve(Config.load(saved.toString(), java.util.List.of())), config);
        for (String w : outcome.warnings()) {
            LOG.warn("resuming with a changed setting ({}): the run will not continue exactly as an uninterrupted one", w);
        }
        if (!outcome.changed().isEmpty()) LOG.info("resuming {} with changed settings: {}", out, outcome.changed());
    }
}
