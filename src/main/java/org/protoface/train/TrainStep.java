package org.protoface.train;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.protoface.data.loader.LoadedBatch;
import org.protoface.head.HeadStep;
import org.protoface.torch.Autocast;
import org.protoface.torch.Autograd;
import org.protoface.torch.Precision;
import org.protoface.torch.TensorScope;
import org.protoface.train.StepTimer.StepPart;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer step of the encoder and head on one batch: encoder forward, head loss, backward,
 * gradient synchronisation, clipping of the encoder's gradients, optimizer step, head update.
 * Every tensor it creates lives in the step's scope; a non-finite loss, encoder gradient norm or
 * gradient norm of the head's parameters stops before the optimizer step, so no weight is touched by it.
 *
 * <p>Precision ({@code train.precision}, resolved before the step is built): the encoder's forward
 * runs inside the precision's autocast scope, on images in its preferred layout; the embeddings
 * then enter the head as float32, so cosines, margins and softmax are float32 whatever the
 * precision. With fp16 a {@link LossScaler} scales the gradient that enters the encoder's
 * backward (the only float16 part of the graph) and unscales the encoder's gradients before
 * clipping; a step with inf/NaN gradients is skipped (no optimizer step, no head update) and
 * lowers the scale. fp32 runs exactly the operations it ran before precision existed.
 */
public final class TrainStep {
    private final TrainSetup setup;
    private final ParameterOptimizer optimizer;
    private final Precision precision;
    private final LossScaler scaler;
    private StepTimer timer = StepTimer.NONE;

    /**
     * Builds the optimizer over the encoder's and the head's parameters and, for fp16, the loss
     * scaler; {@code setup.loop().precision()} must already be resolved (not "auto").
     *
     * @throws IllegalArgumentException when the precision is not fp32, bf16 or fp16
     */
    public TrainStep(TrainSetup setup) {
        this.setup = setup;
        this.optimizer = ParameterOptimizer.forTraining(setup.optim(), setup.encoder().parameters(), setup.head().optimizerParameters());
        this.precision = Precision.parse(setup.loop().precision());
        this.scaler = precision.needsLossScaling() ? new LossScaler() : null;
    }

    /** Where the step reports its part boundaries (profiling); {@link StepTimer#NONE} by default. */
    public void setTimer(StepTimer timer) {
        this.timer = timer == null ? StepTimer.NONE : timer;
    }

    /**
     * @param batch B images (B x 3 x S x S, normalised) and their identity labels
     * @param step  the global step index (0-based)
     * @param lr    this step's learning rate
     * @return the loss, gradient norm and telemetry; {@link StepOutcome#skipped()} when fp16 loss
     *         scaling found non-finite gradients and nothing was updated
     * @throws NonFiniteStepException when the loss, the encoder's or the head parameters' gradient norm is NaN or
     *                                infinite (nothing was updated)
     */
    public StepOutcome run(LoadedBatch batch, long step, double lr) {
        StepOutcome outcome;
        timer.mark(StepPart.START);
        try (TensorScope scope = TensorScope.open()) {
            int b = batch.batch().size(), s = batch.imageSize();
            Tensor x = setup.device().floats(batch.images(), b, 3, s, s);
            Tensor y = setup.device().longs(batch.batch().labels(), b);
            timer.mark(StepPart.INPUT);
            optimizer.setLearningRate(lr);
            optimizer.zeroGrad();
            Tensor encoded = encode(x);
            // the head always reads float32; with fp16 it reads a detached copy, so its backward
            // ends there and the scaled gradient is sent into the encoder separately (backward)
            Tensor embeddings = scaler == null ? asFloat(encoded) : detachedLeaf(encoded);
            timer.mark(StepPart.FORWARD);
            HeadStep hs = setup.head().forward(embeddings, y, step);
            timer.mark(StepPart.HEAD);
            double loss = StepSync.loss(setup.world(), hs);
            if (!Double.isFinite(loss)) throw new NonFiniteStepException("loss is " + loss, step);
            timer.mark(StepPart.LOSS_READ);
            backward(hs, encoded, embeddings);
            timer.mark(StepPart.BACKWARD);
            setup.sync().synchronise(optimizer.parameters());
            timer.mark(StepPart.SYNC);
            if (scaler != null && !unscaleOrSkip()) {
                outcome = StepOutcome.skippedStep(loss, withScale(hs.telemetry()));
            } else {
                double norm = optimizer.clipGradients();
                if (!Double.isFinite(norm)) throw new NonFiniteStepException("encoder gradient norm is " + norm, step);
                // the class weights' gradient too: a NaN there alone would reach the weights (and the next checkpoint)
                double headNorm = Math.hypot(optimizer.unclippedGradientNorm(), selfUpdatedGradientNorm());
                if (!Double.isFinite(headNorm)) throw new NonFiniteStepException("head gradient norm is " + headNorm, step);
                timer.mark(StepPart.CLIP);
                optimizer.step();
                if (scaler != null) scaler.update(true);
                timer.mark(StepPart.OPTIMIZER);
                setup.head().afterOptimizerStep(step, lr);
                timer.mark(StepPart.HEAD_UPDATE);
                outcome = new StepOutcome(loss, norm, scaler == null ? hs.telemetry() : withScale(hs.telemetry()));
            }
        }
        timer.mark(StepPart.RELEASE);
        return outcome;
    }

    /** L2 norm of the gradients of the weights the head updates itself (0 when it has none). */
    private double selfUpdatedGradientNorm() {
        double sum = 0;
        for (Tensor p : setup.head().capability(org.protoface.head.SelfUpdatedWeights.class).map(w -> w.parameters()).orElse(java.util.List.of())) {
            Tensor g = p.grad();
            if (!g.defined()) continue;
            double n = g.detach().norm().item_double();
            sum += n * n;
        }
        return Math.sqrt(sum);
    }

    /** The encoder's forward in this run's precision (fp32: a plain forward). */
    private Tensor encode(Tensor images) {
        try (Autocast ignored = precision.autocast(setup.device())) {
            return setup.encoder().forward(precision.prepareImages(images));
        }
    }

    private static Tensor asFloat(Tensor t) {
        return t.scalar_type().value == torch.ScalarType.Float.value ? t : t.to(torch.ScalarType.Float);
    }

    private static Tensor detachedLeaf(Tensor encoded) {
        Tensor leaf = asFloat(encoded).detach();
        leaf.set_requires_grad(true);
        return leaf;
    }

    /**
     * Without loss scaling one backward through head and encoder. With it, the head's backward
     * stops at the float32 embeddings (its gradients are never scaled, so heads that update their
     * own state from gradients need no unscaling), and the encoder's backward starts from that
     * gradient times the scale.
     */
    private void backward(HeadStep hs, Tensor encoded, Tensor embeddings) {
        if (scaler == null) {
            // through the gradient sync: data-parallel ranks average the encoder's gradients inside
            StepSync.backward(setup.sync(), hs, embeddings);
            return;
        }
        hs.loss().backward();
        // a head on the gathered batch hands back the gradient of this rank's embeddings itself
        Tensor headGradient = hs.global() ? hs.gathered().localGradient() : embeddings.grad();
        Tensor upstream = scaler.scaled(headGradient);
        setup.sync().backward(encoded, upstream.to(encoded.scalar_type()));
    }

    /** fp16: unscales the encoder's gradients; false (scale lowered) when one is not finite. */
    private boolean unscaleOrSkip() {
        boolean finite = scaler.unscale(setup.encoder().parameters());
        timer.mark(StepPart.UNSCALE);
        if (!finite) scaler.update(false);
        return finite;
    }

    private Map<String, Double> withScale(Map<String, Double> telemetry) {
        Map<String, Double> m = new LinkedHashMap<>(telemetry);
        m.put("loss_scale", scaler.scale());
        return Collections.unmodifiableMap(m);
    }

    /** This run's precision. */
    public Precision precision() {
        return precision;
    }

    /** The optimizer's state (momentum, moments) for a checkpoint, and the loss scaler's when there is one. */
    void save(OutputArchive archive) {
        optimizer.save(archive);
        if (scaler != null) scaler.save(archive);
    }

    void load(InputArchive archive) {
        optimizer.load(archive);
        if (scaler != null) scaler.load(archive);
    }

    /** Every parameter the optimizer updates (encoder first, then the head's). */
    public TensorVector parameters() {
        return optimizer.parameters();
    }

    /** A step whose loss or gradient is not finite; the trainer turns it into {@link TrainingDivergedException}. */
    public static final class NonFiniteStepException extends RuntimeException {
        private final long step;

        NonFiniteStepException(String what, long step) {
            super(what + " at step " + step);
            this.step = step;
        }

        /** The global step (0-based) whose loss or gradient was not finite. */
        public long step() {
            return step;
        }
    }
}
