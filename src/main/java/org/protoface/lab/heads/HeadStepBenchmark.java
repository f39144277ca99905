package org.protoface.lab.heads;

import org.protoface.util.Medians;
import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.Tensor;
import org.protoface.config.Config;
import org.protoface.head.Head;
import org.protoface.head.HeadStep;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;
import org.protoface.torch.Device;
import org.protoface.head.StateBudgetExceededException;
import org.protoface.torch.NativeMemory;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;
import org.protoface.train.OptimConfig;
import org.protoface.train.ParameterOptimizer;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs one (head, N) case in this process: decides from the footprint whether it fits (before
 * allocating anything), builds the head through the heads factory from the preset, then times
 * steps of the head alone. A step is what training does for the head: forward (scores, margin,
 * loss), backward, the shared optimizer's step on the head's parameters (the full softmax's W;
 * the other heads have none and update themselves) and {@link Head#afterOptimizerStep}. Random
 * embeddings (a fresh B x d leaf with requires_grad per step) stand in for the encoder; the labels
 * are B / K distinct identities drawn uniformly from [0, N), K images each. Gradient clipping is
 * left out: in training it is shared with the encoder.
 */
public final class HeadStepBenchmark {
    private HeadStepBenchmark() {}

    /**
     * Runs one case with the memory the OS reports as available now; see
     * {@link #run(HeadCase, long, HeadBenchSettings, long)}.
     */
    public static CaseResult run(HeadCase head, long classes, HeadBenchSettings s) {
        return run(head, classes, s, NativeMemory.availableBytes());
    }

    /** As {@link #run(HeadCase, long, HeadBenchSettings)} with the available memory given (tests). */
    public static CaseResult run(HeadCase head, long classes, HeadBenchSettings s, long availableBytes) {
        if (classes < s.batchClasses()) {
            throw new IllegalArgumentException("N = " + classes + " classes cannot fill a batch of " + s.batchClasses() + " distinct identities");
        }
        // with --nproc the state and the fit are one rank's (a block of the classes for a head that splits them)
        HeadFootprint footprint = head.footprint(s.preset(), classes, s.dim(), s.batch(), s.batchClasses(), s.worldSize());
        HeadSize rankSize = head.rankSize(s.preset(), classes, s.dim(), s.batch(), s.batchClasses(), s.worldSize());
        FitDecision decision = FitDecision.decide(footprint, availableBytes, s.safety());
        if (!decision.fits()) return CaseResult.doesNotFit(head, classes, footprint, decision);
        if (rankSize.identities() < s.batchClasses()) {
            throw new IllegalArgumentException("N = " + classes + " classes split over " + s.worldSize() + " ranks leaves " + rankSize.identities()
                    + " per rank, fewer than a batch's " + s.batchClasses() + " distinct identities");
        }
        if (footprint.storesEveryClass(rankSize.identities()) && rankSize.identities() > Integer.MAX_VALUE) {
            return CaseResult.failed(head, classes, footprint, availableBytes, "the heads factory takes at most 2^31-1 classes");
        }
        Torch.init();
        if (s.threads() > 0) Torch.setThreads(s.threads());
        long startRss = NativeMemory.residentBytes();
        Torch.manualSeed(s.seed());
        Config cfg = head.config(s.preset());
        Head built;
        try {
            built = HeadKinds.create(cfg, rankSize, Device.CPU);
        } catch (StateBudgetExceededException e) {
            // the head's own check saw less memory than we were told (the machine is shared)
            return new CaseResult(head.label(), classes, false, footprint.stateBytes(), e.requiredBytes(), e.availableBytes(),
                    Double.NaN, Double.NaN, 0, -1, startRss, "does not fit: " + e.getMessage());
        }
        OptimConfig optim = cfg.get(OptimConfig.SECTION);
        List<Tensor> params = built.optimizerParameters();
        ParameterOptimizer optimizer = params.isEmpty() ? null : new ParameterOptimizer(optim, params, List.of(), List.of());
        // Prototype Memory is timed at its steady state: untimed steps first fill the memory to
        // min(M, N) prototypes, since a half-empty memory scores fewer negatives and runs faster.
        // Labels repeat, so filling takes more than min(M, N) / (B/K) steps (about 1.6x at N = 1.5 M):
        // the memory's own fill telemetry says when it is full.
        boolean fills = footprint.fillSteps() > 0;
        double capacity = footprint.capacity();
        double fullShare = fills ? Math.min(capacity, (double) classes) / capacity : 0;
        // one rank's block is timed as a head of its own over those classes (labels drawn from the block)
        Timing timing = timeSteps(built, optimizer, optim.lr(), rankSize.identities(), s, fullShare);
        double[] sorted = timing.ms().clone();
        Arrays.sort(sorted);
        String note = fills
                ? String.format(java.util.Locale.ROOT, "ran; memory %.0f of %.0f prototypes after %d fill steps",
                        timing.fill() * capacity, capacity, timing.fillSteps())
                : "ran";
        if (rankSize.identities() < classes) note += "; one rank of " + s.worldSize() + ": " + rankSize.identities() + " classes, communication not timed";
        return new CaseResult(head.label(), classes, true, built.stateBytes(), decision.requiredBytes(), availableBytes,
                Medians.ofSorted(sorted), sorted[0], sorted.length, NativeMemory.peakResidentBytes(), startRss, note);
    }

    /** Timed milliseconds per step, and (Prototype Memory) the memory's fill share and the steps it took. */
    private record Timing(double[] ms, double fill, int fillSteps) {}

    private static Timing timeSteps(Head head, ParameterOptimizer optimizer, double lr, long classes, HeadBenchSettings s,
                                    double fullShare) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        double[] ms = new double[s.steps()];
        double fill = 0;
        int fillSteps = 0;
        // a cap for labels that cannot fill the memory (it would take forever near N = M)
        int maxFillSteps = fullShare > 0 ? (int) Math.min(1_000_000, 20 * Math.ceil(fullShare * classes / s.batchClasses()) + 100) : 0;
        long step = 0;
        while (fill < fullShare - 1e-9 && fillSteps < maxFillSteps) {
            // memory_fill is the share after this step's write
            fill = oneStep(head, optimizer, lr, classes, s, rng, step++).telemetry().getOrDefault("memory_fill", 0.0);
            fillSteps++;
        }
        for (int i = 0; i < s.warmupSteps() + s.steps(); i++) {
            double elapsed = oneStep(head, optimizer, lr, classes, s, rng, step++).ms();
            if (i >= s.warmupSteps()) ms[i - s.warmupSteps()] = elapsed;
        }
        return new Timing(ms, fill, fillSteps);
    }

    private record StepTime(double ms, Map<String, Double> telemetry) {}

    /** One training step of the head alone on fresh random embeddings; only the head's work is timed. */
    private static StepTime oneStep(Head head, ParameterOptimizer optimizer, double lr, long classes, HeadBenchSettings s,
                                    SplittableRandom rng, long step) {
        long[] labels = labels(rng, classes, s.batchClasses(), s.imagesPerIdentity());
        try (TensorScope scope = TensorScope.open()) {
            Tensor embeddings = Tensors.randn(s.batch(), s.dim());
            embeddings.set_requires_grad(true);
            Tensor y = Tensors.ofLongs(labels, labels.length);
            long t0 = System.nanoTime();
            if (optimizer != null) optimizer.zeroGrad();
            HeadStep hs = head.forward(embeddings, y, step);
            double loss = hs.loss().item_double();
            hs.loss().backward();
            if (optimizer != null) optimizer.step();
            head.afterOptimizerStep(step, lr);
            long t1 = System.nanoTime();
            if (!Double.isFinite(loss)) throw new IllegalStateException(head.describe() + ": loss is " + loss + " at step " + step);
            return new StepTime((t1 - t0) / 1e6, Map.copyOf(hs.telemetry()));
        }
    }

    /** P distinct identities uniform in [0, N), each repeated K times (grouped, as the sampler does). */
    static long[] labels(SplittableRandom rng, long classes, int identities, int perIdentity) {
        Set<Long> seen = new HashSet<>();
        long[] out = new long[identities * perIdentity];
        int n = 0;
        while (n < identities) {
            long id = rng.nextLong(classes);
            if (!seen.add(id)) continue;
            Arrays.fill(out, n * perIdentity, (n + 1) * perIdentity, id);
            n++;
        }
        return out;
    }
}
