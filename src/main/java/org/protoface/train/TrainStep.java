package org.protoface.train;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.protoface.data.loader.LoadedBatch;
import org.protoface.head.HeadStep;

/**
 * One optimizer step of the encoder and head on one batch: encoder forward, head loss, backward,
 * gradient synchronisation, clipping of the encoder's gradients, optimizer step, head update.
 * Every tensor it creates lives in the step's scope; a non-finite loss or gradient norm stops
 * before the optimizer step, so no weight is touched by it.
 */
public final class TrainStep {
    private final TrainSetup setup;
    private final ParameterOptimizer optimizer;

    /** Builds the optimizer over the encoder's and the head's parameters of {@code setup}. */
    public TrainStep(TrainSetup setup) {
        this.setup = setup;
        this.optimizer = ParameterOptimizer.forTraining(setup.optim(), setup.encoder().parameters(), setup.head().optimizerParameters());
    }

    /**
     * @param batch B images (B x 3 x S x S, normalised) and their identity labels
     * @param step  the global step index (0-based)
     * @param lr    this step's learning rate
     * @throws NonFiniteStepException when the loss or the gradient norm is NaN or infinite (nothing was updated)
     */
    public StepOutcome run(LoadedBatch batch, long step, double lr) {
        try (TensorScope scope = TensorScope.open()) {
            int b = batch.batch().size(), s = batch.imageSize();
            Tensor x = setup.device().floats(batch.images(), b, 3, s, s);
            Tensor y = setup.device().longs(batch.batch().labels(), b);
            optimizer.setLearningRate(lr);
            optimizer.zeroGrad();
            Tensor embeddings = setup.encoder().forward(x);
            HeadStep hs = setup.head().forward(embeddings, y, step);
            double loss = StepSync.loss(setup.world(), hs);
            if (!Double.isFinite(loss)) throw new NonFiniteStepException("loss is " + loss, step);
            StepSync.backward(setup.sync(), hs, embeddings);
            setup.sync().synchronise(optimizer.parameters());
            double norm = optimizer.clipGradients();
            if (!Double.isFinite(norm)) throw new NonFiniteStepException("gradient norm is " + norm, step);
            optimizer.step();
            setup.head().afterOptimizerStep(step, lr);
            return new StepOutcome(loss, norm, hs.telemetry());
        }
    }

    /** The optimizer's state (momentum, moments) for a checkpoint. */
    void save(OutputArchive archive) {
        optimizer.save(archive);
    }

    void load(InputArchive archive) {
        optimizer.load(archive);
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

        /** The step of the failure (0-based). */
        public long step() {
            return step;
        }
    }
}
