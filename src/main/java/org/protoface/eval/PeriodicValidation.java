package org.protoface.eval;

import org.protoface.data.verification.VerificationPairs;
import org.protoface.data.verification.VerificationSets;
import org.protoface.encoder.Encoder;
import org.protoface.infer.TorchEncoderModel;
import org.protoface.torch.Precision;
import org.protoface.train.StepEnd;
import org.protoface.train.StepHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the encoder being trained on validation pair sets (.bin files, LFW folders) every
 * {@code every} steps and after the last step, with the 10-fold protocol of
 * {@link PairSetEvaluation}. Metrics per set: {@code val_<set>_accuracy}, {@code _accuracy_std},
 * {@code _auc} and {@code _tar_at_far_<far>} for every resolvable FAR target.
 */
public final class PeriodicValidation implements StepHook {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicValidation.class);

    private final TorchEncoderModel model;
    private final List<VerificationPairs> sets;
    private final long every;
    private final boolean flipTest;

    /** @param every steps between validations; 0 = only after the last step */
    public PeriodicValidation(Encoder encoder, List<VerificationPairs> sets, long every, boolean flipTest) {
        this(encoder, Precision.FP32, sets, every, flipTest);
    }

    /** @param precision the arithmetic of the encoder's forward, the run's own ({@code train.precision}) */
    public PeriodicValidation(Encoder encoder, Precision precision, List<VerificationPairs> sets, long every, boolean flipTest) {
        if (every < 0) throw new IllegalArgumentException("eval.val_every must be >= 0, got " + every);
        PairSetEvaluation.requireUniqueNames(sets);
        this.model = new TorchEncoderModel(encoder, "training", precision);
        this.sets = List.copyOf(sets);
        this.every = every;
        this.flipTest = flipTest;
    }

    /**
     * Opens {@code eval.val_sets} at the encoder's input size; empty when the list is empty.
     * The files are read now, so a wrong path fails before training starts.
     */
    public static Optional<PeriodicValidation> fromConfig(EvalConfig cfg, Encoder encoder) throws IOException {
        return fromConfig(cfg, encoder, Precision.FP32);
    }

    /** As {@link #fromConfig(EvalConfig, Encoder)}, evaluating in the run's {@code precision}. */
    public static Optional<PeriodicValidation> fromConfig(EvalConfig cfg, Encoder encoder, Precision precision) throws IOException {
        if (cfg.valSets() == null || cfg.valSets().isEmpty()) return Optional.empty();
        List<VerificationPairs> sets = new ArrayList<>();
        for (String path : cfg.valSets()) {
            VerificationPairs set = VerificationSets.open(Path.of(path), encoder.spec().inputSize());
            LOG.info("validation set: {}", set.describe());
            sets.add(set);
        }
        return Optional.of(new PeriodicValidation(encoder, precision, sets, cfg.valEvery(), cfg.flip()));
    }

    @Override
    public Map<String, Object> afterStep(StepEnd end) {
        long stepsDone = end.stepsDone();
        boolean due = end.last() || (every > 0 && stepsDone % every == 0);
        if (!due) return Map.of();
        Map<String, Object> m = new LinkedHashMap<>();
        for (VerificationPairs set : sets) {
            long start = System.nanoTime();
            EvalResult r = PairSetEvaluation.evaluate(model, set, flipTest);
            LOG.info("step {} validation {}: {} ({} s)", stepsDone, set.name(), r.summary(),
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            m.putAll(metrics(set.name(), r));
        }
        return m;
    }

    /** The metrics.jsonl fields of one set's result. */
    public static Map<String, Object> metrics(String setName, EvalResult r) {
        String prefix = "val_" + setName.replaceAll("[^A-Za-z0-9_]", "_") + "_";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(prefix + "accuracy", r.verification().meanAccuracy());
        m.put(prefix + "accuracy_std", r.verification().stdAccuracy());
        m.put(prefix + "auc", r.auc());
        for (TarAtFar t : r.tarAtFar()) {
            if (t.resolved()) m.put(prefix + "tar_at_far_" + EvalResult.farKey(t.targetFar()), t.tar());
        }
        return m;
    }
}
