package org.protoface.testing;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.protoface.head.Head;
import org.protoface.head.HeadStep;
import org.protoface.torch.Tensors;

import java.util.List;
import java.util.Optional;

/**
 * A real head with one bad step: at {@code badStep} it adds sqrt(0 x t).sum() to the loss, which
 * is 0 (the loss stays finite) but whose gradient into t is inf x 0 = NaN. t is either the
 * embeddings (the NaN reaches the encoder's gradients) or the head's first optimizer parameter (only
 * the class weights' gradient is NaN). Everything else is the wrapped head's.
 */
public final class GradientPoisoningHead implements Head {
    /** Which gradient turns NaN. */
    public enum Target { EMBEDDINGS, HEAD_PARAMETER }

    private final Head inner;
    private final Target target;
    private final long badStep;

    public GradientPoisoningHead(Head inner, Target target, long badStep) {
        this.inner = inner;
        this.target = target;
        this.badStep = badStep;
    }

    @Override
    public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
        HeadStep real = inner.forward(embeddings, labels, step);
        if (step != badStep) return real;
        Tensor t = target == Target.EMBEDDINGS ? embeddings : classWeights();
        Tensor zeroWithNanGradient = t.mul(Tensors.scalar(0.0)).sqrt().sum();
        return new HeadStep(real.loss().add(zeroWithNanGradient), real.telemetry());
    }

    /** The class weights: the shared optimizer's, or those the head updates itself (a run's full softmax). */
    private Tensor classWeights() {
        if (!inner.optimizerParameters().isEmpty()) return inner.optimizerParameters().get(0);
        return inner.capability(org.protoface.head.SelfUpdatedWeights.class).orElseThrow().parameters().get(0);
    }

    @Override
    public List<Tensor> optimizerParameters() {
        return inner.optimizerParameters();
    }

    @Override
    public void afterOptimizerStep(long step, double learningRate) {
        inner.afterOptimizerStep(step, learningRate);
    }

    @Override
    public long stateBytes() {
        return inner.stateBytes();
    }

    @Override
    public void saveState(OutputArchive archive) {
        inner.saveState(archive);
    }

    @Override
    public void loadState(InputArchive archive) {
        inner.loadState(archive);
    }

    @Override
    public String describe() {
        return inner.describe() + " (NaN gradient into the " + target + " at step " + badStep + ")";
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return inner.capability(type);
    }
}
