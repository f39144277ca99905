package org.protoface.run;

import org.protoface.config.Config;
import org.protoface.data.FaceDataset;
import org.protoface.data.LookalikeSampling;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.loader.BatchLoader;
import org.protoface.data.loader.IdentityBatchSampler;
import org.protoface.data.source.DataSources;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvalResult;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.eval.PeriodicValidation;
import org.protoface.head.Head;
import org.protoface.head.HeadSize;
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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One training run, the same for every command that trains (train, bench compare, the lab's
 * studies): build the data, encoder and head from a config; prepare the run folder; save the
 * resolved config; train; save the model; evaluate it on held-out identities.
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
        Config resolved = JobConfig.resolve(cfg);
        LoopConfig loop = resolved.get(LoopConfig.SECTION);
        Device device = Device.parse(loop.device());
        // "auto" becomes what this machine runs; the saved config.yaml, the metrics and eval.json
        // then name the precision actually used
        PrecisionChoice precision = PrecisionChoice.resolve(loop.precision(), device, PrecisionChoice.cpuFlags());
        LOG.info("precision {}: {}", precision.precision(), precision.reason());
        loop = loop.withPrecision(precision.precision().key());
        resolved = resolved.with(LoopConfig.SECTION.key(), Config.treeOf(loop));
        if (loop.threads() > 0) Torch.setThreads(loop.threads());
        // every random draw of the run (weights, dropout) starts from the configured seed
        Torch.manualSeed(loop.seed());
        EncoderSpec spec = resolved.get(EncoderSpec.SECTION);
        FaceDataset data = openData(resolved.string("data", DataSources.DEFAULT), spec);
        Encoder encoder = Encoders.create(spec);
        if (!device.isCpu()) encoder.to(device.toTorch(), false);
        BatchConfig batch = resolved.get(BatchConfig.SECTION);
        Head head = HeadKinds.create(resolved, new HeadSize(data.identityCount(), spec.embeddingSize(), batch.size(),
                batch.size() / batch.imagesPerIdentity()), device);
        IdentityBatchSampler sampler = new IdentityBatchSampler(data.identityCount(), data::imageCount, batch.size(),
                batch.imagesPerIdentity(), loop.seed());
        head.capability(LookalikeSampling.class).ifPresent(l -> sampler.useLookalikes(l.source(), l.batchFraction()));
        TrainSetup setup = new TrainSetup(encoder, head, resolved.get(OptimConfig.SECTION), resolved.get(ScheduleConfig.SECTION),
                loop, out, GradientSync.LOCAL, device);
        return new TrainingRun(resolved, out, data, sampler, resolved.get(AugmentConfig.SECTION), setup);
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

    public FaceDataset data() {
        return data;
    }

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
        if (mode == RunFolder.Mode.RESUME) checkResume();
        RunFolder.prepare(out, mode);
        config.save(RunFolder.configFile(out));
        EvalConfig evalCfg = config.get(EvalConfig.SECTION);
        PeriodicValidation.fromConfig(evalCfg, setup.encoder(), precision).ifPresent(trainer::addStepHook);
        long start = mode == RunFolder.Mode.RESUME ? trainer.resume(sampler) : 0;
        if (start >= setup.loop().steps()) console.println(ResumeCheck.alreadyFinished(start, setup.loop().steps(), evaluate));
        TrainResult trained;
        LoopConfig loop = setup.loop();
        try (BatchLoader loader = new BatchLoader(data, sampler, augment, loop.seed(), loop.loaderWorkers(), loop.prefetch());
             MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), loop.logEvery(), Map.of("precision", precision.key()))) {
            trained = trainer.run(start, loader, metrics, console);
        }
        if (trained.interrupted()) return new Result(trained, null, Optional.empty(), start);
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
