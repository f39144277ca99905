package org.protoface.train;

import org.protoface.data.DataLoadingException;
import org.protoface.data.loader.BatchSource;
import org.protoface.data.loader.IdentityBatchSampler;
import org.protoface.data.loader.LoadedBatch;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.TensorScope;
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
 * The training loop, and nothing else: for each step, a batch from the source, one
 * {@link TrainStep}, a line in the metrics window, a checkpoint when due, then the
 * {@link StepHook}s. Building the data side, saving the model and evaluating it are the caller's
 * ({@code org.protoface.run.TrainingRun}).
 *
 * <p>A checkpoint holds everything the next step depends on ({@link TrainingState}), so a resumed
 * run continues as if never interrupted. A non-finite loss or gradient stops the run before the
 * optimizer step with {@link TrainingDivergedException}, leaving the last good checkpoint as it was.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainSetup setup;
    private final TrainStep step;
    private final LrSchedule schedule;
    private final Checkpointer checkpointer;
    private final List<StepHook> hooks = new ArrayList<>();
    /**
     * Steps between the ranks' stop agreements. Each agreement is a collective every rank waits
     * for (about 0.8 ms between two pinned ranks here, 1% of a cpu-preset step), while a stop
     * request can wait a few steps: the checkpoint is written at the agreed step, and the JVM's
     * exit on Ctrl-C is held until then (StopOnExit holds it up to 120 s).
     */
    public static final int STOP_CHECK_EVERY = 8;

    private volatile boolean stopRequested;
    private Path lastCheckpoint;

    /** A trainer for the setup; checkpoints go to {@code <outDir>/checkpoints}. */
    public Trainer(TrainSetup setup) {
        this.setup = setup;
        this.step = new TrainStep(setup);
        this.schedule = new LrSchedule(setup.optim().lr(), setup.schedule(), setup.loop().steps());
        if (setup.world().rank() == 0) ScheduleCheck.warnings(setup.optim().lr(), setup.schedule(), setup.loop().steps()).forEach(LOG::warn);
        this.checkpointer = new Checkpointer(setup.outDir().resolve("checkpoints"), setup.loop().keepCheckpoints(), setup.world());
    }

    /**
     * Asks the loop to checkpoint and return at the next step boundary (Ctrl-C, a hook); with
     * several ranks at the next step that is a multiple of {@link #STOP_CHECK_EVERY}.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Adds work to run after every step's metrics and checkpoint logic, in the order added. */
    public void addStepHook(StepHook hook) {
        hooks.add(hook);
    }

    /** Where this trainer's checkpoints are written and found. */
    public Checkpointer checkpointer() {
        return checkpointer;
    }

    /** Where each step reports its part boundaries (the lab's step profile); none by default. */
    public void setStepTimer(StepTimer timer) {
        step.setTimer(timer);
    }

    /**
     * Restores the newest readable checkpoint into the encoder, head, optimizer, {@code sampler}
     * and libtorch's random state. Call before the batch source starts drawing from the sampler.
     *
     * @return the steps already done (0 when there is no checkpoint)
     */
    public long resume(IdentityBatchSampler sampler) throws IOException {
        Optional<Checkpointer.Loaded> found = checkpointer.loadLatest();
        if (found.isEmpty()) {
            List<Path> damaged = checkpointer.list();
            if (!damaged.isEmpty()) {
                // a resume must never quietly become a new run that overwrites the model
                throw new IllegalArgumentException("no readable checkpoint in " + checkpointer.dir() + " (" + damaged.size()
                        + " found, all unreadable: see the warnings above); restore a copy of one, or use --overwrite instead of"
                        + " --resume to start the run again");
            }
            LOG.info("no checkpoint in {}; starting from step 0", checkpointer.dir());
            return 0;
        }
        long start = TrainingState.read(found.get(), setup, step, sampler);
        lastCheckpoint = found.get().path();
        LOG.info("resumed from {} at step {}", lastCheckpoint, start);
        return start;
    }

    /**
     * Trains from step {@code start} to {@code loop.steps}, or until a stop is requested.
     *
     * @throws TrainingDivergedException when a loss or gradient is not finite (names the step and the last good checkpoint)
     */
    public TrainResult run(long start, BatchSource batches, MetricsLog metrics, PrintStream console)
            throws IOException, InterruptedException {
        setup.encoder().train(true);
        setup.sync().start();
        long total = setup.loop().steps();
        double lastLoss = Double.NaN;
        long imagesDone = 0;
        double trainSeconds = 0, waitSeconds = 0;
        boolean interrupted = false;
        ProgressBar progress = new ProgressBar(console, start, total);
        long[] samplerState = batches.startState();
        for (long s = start; s < total; s++) {
            if (stopAgreed(s)) {
                lastCheckpoint = saveCheckpoint(s, samplerState);
                progress.breakLine();
                // where the checkpoint is (TrainResult.lastCheckpoint) is the caller's to say: it owns the run folder,
                // which may be a temporary one it deletes (bench train)
                LOG.info("stopped on request at step {}; checkpoint written", s);
                interrupted = true;
                break;
            }
            long t0 = System.nanoTime();
            LoadedBatch batch = nextBatch(batches, s, samplerState);
            long t1 = System.nanoTime();
            double lr = schedule.at(s);
            StepOutcome out = runStep(batch, s, lr);
            samplerState = batch.samplerState();
            long t2 = System.nanoTime();
            lastLoss = out.loss();
            // every rank trains a batch of this size in the same time: the global rate
            imagesDone += (long) batch.batch().size() * setup.world().worldSize();
            trainSeconds += (t2 - t0) / 1e9;
            waitSeconds += (t1 - t0) / 1e9;
            boolean last = s + 1 == total;
            Optional<Map<String, Object>> line = metrics.addStep(s, lr, batch, out, t2 - t0, t1 - t0, last, batches.counters());
            if (line.isPresent()) {
                progress.update(s, (double) line.get().get("images_per_s"), out.loss(), lr, (double) line.get().get("data_wait_share"));
            }
            boolean due = setup.loop().checkpointEvery() > 0 && (s + 1) % setup.loop().checkpointEvery() == 0;
            if (due || last) lastCheckpoint = saveCheckpoint(s + 1, samplerState);
            runHooks(new StepEnd(s + 1, total, out.loss()), metrics, progress);
        }
        long done = interrupted ? Checkpointer.stepOf(lastCheckpoint) : total;
        return new TrainResult(done, interrupted, lastLoss, trainSeconds > 0 ? imagesDone / trainSeconds : 0,
                trainSeconds > 0 ? waitSeconds / trainSeconds : 0, lastCheckpoint);
    }

    /**
     * A loader that cannot go on (no identity left that decodes) ends the run; the state before
     * this step is checkpointed first so nothing trained so far is lost.
     */
    private LoadedBatch nextBatch(BatchSource batches, long s, long[] samplerState) throws IOException, InterruptedException {
        try {
            return batches.next();
        } catch (DataLoadingException e) {
            // the other ranks are already in this step's collectives: a checkpoint (two barriers)
            // cannot be written together now; the last periodic one stays
            if (setup.world().worldSize() > 1) throw e;
            lastCheckpoint = saveCheckpoint(s, samplerState);
            throw new DataLoadingException(e.getMessage() + " (training stopped at step " + s + "; checkpoint " + lastCheckpoint + ")", e);
        }
    }

    private StepOutcome runStep(LoadedBatch batch, long s, double lr) {
        try {
            return step.run(batch, s, lr);
        } catch (TrainStep.NonFiniteStepException e) {
            throw new TrainingDivergedException(e.getMessage() + "; training stopped before the optimizer step. "
                    + (lastCheckpoint == null ? "No checkpoint was written yet." : "Last good checkpoint: " + lastCheckpoint));
        }
    }

    private void runHooks(StepEnd end, MetricsLog metrics, ProgressBar progress) throws IOException {
        for (StepHook hook : hooks) {
            Map<String, Object> extra = hook.afterStep(end);
            if (extra.isEmpty()) continue;
            progress.breakLine();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", end.stepsDone());
            line.put("time", System.currentTimeMillis() / 1000.0);
            line.putAll(extra);
            metrics.append(line);
        }
    }

    private Path saveCheckpoint(long stepsDone, long[] samplerState) throws IOException {
        return checkpointer.save(stepsDone, archive -> TrainingState.write(archive, setup, step, samplerState, stepsDone),
                TrainingState.rankPart(setup));
    }

    /**
     * Whether to stop now. One process: a stop was requested. Several: any rank's request stops
     * them all at the same step (a one-value all-reduce of the maximum), so they checkpoint together.
     */
    /**
     * Whether the ranks agree to stop before step {@code s}: one process stops at the next step
     * after a request; several ranks agree with an all-reduce (max of the request flags, so a
     * request on any rank stops all), but only before every {@link #STOP_CHECK_EVERY}-th step.
     */
    private boolean stopAgreed(long s) {
        if (setup.world().worldSize() == 1) return stopRequested;
        if (s % STOP_CHECK_EVERY != 0) return false;
        try (TensorScope scope = TensorScope.open()) {
            Tensor flag = Tensors.ofLongs(stopRequested ? 1L : 0L);
            setup.world().allReduceMax(flag);
            return flag.item_long() == 1;
        }
    }
}
