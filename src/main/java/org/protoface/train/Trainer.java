package org.protoface.train;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.data.AugmentConfig;
import org.protoface.data.BatchLoader;
import org.protoface.data.FaceDataset;
import org.protoface.data.IdentityBatchSampler;
import org.protoface.data.LoadedBatch;
import org.protoface.encoder.Encoder;
import org.protoface.head.Head;
import org.protoface.head.HeadStep;
import org.protoface.torch.Archives;
import org.protoface.torch.NativeMemory;
import org.protoface.torch.Tensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop: batches from the loader, encoder forward, head loss, backward, gradient
 * synchronisation, clipping, optimizer step, head update; metrics, progress and checkpoints, then
 * any {@link StepHook}s (periodic validation).
 * A checkpoint holds everything the next step depends on (encoder, head, optimizer state, sampler
 * position, RNG state), so a resumed run continues as if never interrupted.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainSetup setup;
    private final ParameterOptimizer optimizer;
    private final LrSchedule schedule;
    private final Checkpointer checkpointer;
    private volatile boolean stopRequested;
    private StepListener listener = (step, loss) -> { };
    private final List<StepHook> hooks = new ArrayList<>();

    /** Observes each finished step (step index, loss); used by benchmarks and tests. */
    @FunctionalInterface
    public interface StepListener {
        void stepDone(long step, double loss);
    }

    public Trainer(TrainSetup setup) {
        this.setup = setup;
        this.optimizer = ParameterOptimizer.forTraining(setup.optim(), setup.encoder().parameters(), setup.head().parameters());
        this.schedule = new LrSchedule(setup.optim().lr(), setup.schedule(), setup.loop().steps());
        this.checkpointer = new Checkpointer(setup.outDir().resolve("checkpoints"), setup.loop().keepCheckpoints());
    }

    /** Asks the loop to checkpoint and return at the next step boundary (used by Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    public void setStepListener(StepListener listener) {
        this.listener = listener;
    }

    /** Adds work to run after every step's checkpoint logic (e.g. {@link PeriodicValidation}). */
    public void addStepHook(StepHook hook) {
        hooks.add(hook);
    }

    public Checkpointer checkpointer() {
        return checkpointer;
    }

    public TrainResult run(boolean resume, PrintStream console) throws IOException, InterruptedException {
        LoopConfig loop = setup.loop();
        FaceDataset data = setup.data();
        IdentityBatchSampler sampler = new IdentityBatchSampler(data.identityCount(), data::imageCount,
                setup.batch().size(), setup.batch().imagesPerIdentity(), loop.seed());
        if (setup.lookalikes() != null && setup.lookalikeFraction() > 0) {
            sampler.useLookalikes(setup.lookalikes(), setup.lookalikeFraction());
        }
        long start = 0;
        Path lastCheckpoint = null;
        if (resume) {
            Optional<Checkpointer.Loaded> found = checkpointer.loadLatest();
            if (found.isPresent()) {
                start = restore(found.get().archive(), sampler);
                lastCheckpoint = found.get().path();
                LOG.info("resumed from {} at step {}", lastCheckpoint, start);
            } else {
                LOG.info("no checkpoint in {}; starting from step 0", checkpointer.dir());
            }
        }
        setup.encoder().train(true);
        long total = loop.steps();
        double lastLoss = Double.NaN;
        long imagesDone = 0;
        double trainSeconds = 0, waitSeconds = 0;
        boolean interrupted = false;
        ProgressBar progress = new ProgressBar(console, start, total);
        try (BatchLoader loader = new BatchLoader(data, sampler, setup.augment(), loop.seed(), loop.loaderWorkers(), loop.prefetch());
             MetricsLog metrics = new MetricsLog(setup.outDir().resolve("metrics.jsonl"))) {
            Window window = new Window();
            long[] samplerState = sampler.state();
            for (long step = start; step < total; step++) {
                if (stopRequested) {
                    lastCheckpoint = saveCheckpoint(step, samplerState);
                    progress.breakLine();
                    LOG.info("stopped on request at step {}; checkpoint {}", step, lastCheckpoint);
                    interrupted = true;
                    break;
                }
                long t0 = System.nanoTime();
                LoadedBatch lb = loader.next();
                long t1 = System.nanoTime();
                double lr = schedule.at(step);
                StepOutcome out = trainStep(lb, step, lr, lastCheckpoint);
                samplerState = lb.samplerState();
                long t2 = System.nanoTime();
                lastLoss = out.loss;
                imagesDone += lb.batch().size();
                trainSeconds += (t2 - t0) / 1e9;
                waitSeconds += (t1 - t0) / 1e9;
                window.add(lb, t2 - t0, t1 - t0, out);
                boolean last = step + 1 == total;
                if ((step + 1) % Math.max(1, loop.logEvery()) == 0 || last) {
                    metrics.append(window.record(step, lr, loader.corruptRecords()));
                    progress.update(step, window.imagesPerSecond(), out.loss, lr, window.waitShare());
                    window = new Window();
                }
                boolean due = loop.checkpointEvery() > 0 && (step + 1) % loop.checkpointEvery() == 0;
                if (due || last) lastCheckpoint = saveCheckpoint(step + 1, samplerState);
                runHooks(step + 1, last, metrics, progress);
                listener.stepDone(step, out.loss);
            }
        }
        long done = interrupted ? Checkpointer.stepOf(lastCheckpoint) : total;
        return new TrainResult(done, interrupted, lastLoss, trainSeconds > 0 ? imagesDone / trainSeconds : 0,
                trainSeconds > 0 ? waitSeconds / trainSeconds : 0, lastCheckpoint);
    }

    private void runHooks(long stepsDone, boolean last, MetricsLog metrics, ProgressBar progress) throws IOException {
        for (StepHook hook : hooks) {
            Map<String, Object> extra = hook.afterStep(stepsDone, last);
            if (extra.isEmpty()) continue;
            progress.breakLine();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", stepsDone);
            line.put("time", System.currentTimeMillis() / 1000.0);
            line.putAll(extra);
            metrics.append(line);
        }
    }

    private record StepOutcome(double loss, double gradNorm, Map<String, Double> telemetry) {}

    private StepOutcome trainStep(LoadedBatch lb, long step, double lr, Path lastCheckpoint) {
        try (PointerScope scope = new PointerScope()) {
            int b = lb.batch().size(), s = lb.imageSize();
            Tensor x = Tensors.of(lb.images(), b, 3, s, s);
            Tensor y = Tensors.ofLongs(lb.batch().labels(), b);
            optimizer.setLearningRate(lr);
            optimizer.zeroGrad();
            Tensor embeddings = setup.encoder().forward(x);
            HeadStep hs = setup.head().forward(embeddings, y, step);
            double loss = hs.loss().item_double();
            if (!Double.isFinite(loss)) throw diverged("loss is " + loss, step, lastCheckpoint);
            hs.loss().backward();
            setup.sync().synchronise(optimizer.parameters());
            double norm = optimizer.clipGradients();
            if (!Double.isFinite(norm)) throw diverged("gradient norm is " + norm, step, lastCheckpoint);
            optimizer.step();
            setup.head().afterOptimizerStep(step, lr);
            return new StepOutcome(loss, norm, hs.telemetry());
        }
    }

    private static TrainingDivergedException diverged(String what, long step, Path lastCheckpoint) {
        return new TrainingDivergedException(what + " at step " + step + "; training stopped before the optimizer step. "
                + (lastCheckpoint == null ? "No checkpoint was written yet." : "Last good checkpoint: " + lastCheckpoint));
    }

    private Path saveCheckpoint(long stepsDone, long[] samplerState) throws IOException {
        return checkpointer.save(stepsDone, archive -> {
            OutputArchive enc = new OutputArchive();
            setup.encoder().save(enc);
            archive.write("encoder", enc);
            OutputArchive head = new OutputArchive();
            setup.head().save(head);
            archive.write("head", head);
            OutputArchive opt = new OutputArchive();
            optimizer.save(opt);
            archive.write("optimizer", opt);
            Archives.writeLongs(archive, "sampler", samplerState);
            Archives.writeLongs(archive, "step", stepsDone);
            archive.write("torch_rng", torch.getDefaultCPUGenerator().get_state());
        });
    }

    /** Restores all training state; returns the number of steps already done. */
    private long restore(InputArchive archive, IdentityBatchSampler sampler) {
        setup.encoder().load(Archives.child(archive, "encoder", "trainer"));
        setup.head().load(Archives.child(archive, "head", "trainer"));
        optimizer.load(Archives.child(archive, "optimizer", "trainer"));
        sampler.restore(Archives.readLongs(archive, "sampler", "trainer"));
        Generator gen = torch.getDefaultCPUGenerator();
        gen.set_state(Archives.readTensor(archive, "torch_rng", "trainer"));
        return Archives.readLongs(archive, "step", "trainer")[0];
    }

    /** Sums over the steps between two metrics lines. */
    private static final class Window {
        long images, nanos, waitNanos;
        int steps, reused, lookalikes;
        double lossSum, normSum;
        final Map<String, Double> telemetry = new LinkedHashMap<>();

        void add(LoadedBatch lb, long stepNanos, long wait, StepOutcome out) {
            images += lb.batch().size();
            nanos += stepNanos;
            waitNanos += wait;
            steps++;
            reused += lb.batch().reusedImages();
            lookalikes += lb.batch().lookalikeIdentities();
            lossSum += out.loss;
            normSum += out.gradNorm;
            // per-step states, not sums: each key keeps its latest value in the window, so values a
            // head measures only every few steps (proto_drift_cos) still reach the log
            telemetry.putAll(out.telemetry);
        }

        double imagesPerSecond() {
            return nanos > 0 ? images / (nanos / 1e9) : 0;
        }

        double waitShare() {
            return nanos > 0 ? waitNanos / (double) nanos : 0;
        }

        Map<String, Object> record(long step, double lr, long corrupt) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", step + 1);
            m.put("time", System.currentTimeMillis() / 1000.0);
            m.put("loss", lossSum / steps);
            m.put("lr", lr);
            m.put("grad_norm", normSum / steps);
            m.put("images_per_s", imagesPerSecond());
            m.put("data_wait_share", waitShare());
            m.put("reused_images", reused);
            m.put("lookalike_identities", lookalikes);
            m.put("corrupt_records", corrupt);
            m.put("rss_bytes", NativeMemory.residentBytes());
            m.putAll(telemetry);
            return m;
        }
    }
}
