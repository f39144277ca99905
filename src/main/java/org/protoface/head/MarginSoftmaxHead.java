package org.protoface.head;

import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A head built from the three orthogonal choices: a {@link ClassScorer} (where the prototypes come
 * from), a {@link Margin} (how the target logit is changed) and a {@link LossFunction} (which loss
 * reads the logits). forward = scorer.score, then margin.logits, then loss.
 *
 * <p>Telemetry ({@link ScorerHead}): the scorer's values plus "target_cos_mean" and "train_acc"
 * (here among the classes taking part in the step).
 */
public final class MarginSoftmaxHead extends ScorerHead {
    private final LossFunction loss;

    /**
     * @param scorer where the prototypes come from; registered as sub-module "scorer" when it is a
     *               module, so its state is saved, loaded and placed with the head
     * @param margin the target-logit rule; sub-module "margin" when it is a module
     */
    public MarginSoftmaxHead(ClassScorer scorer, Margin margin, LossFunction loss) {
        super(scorer, margin);
        this.loss = loss;
    }

    @Override
    public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
        Scores scores = scorer.score(embeddings, labels, step);
        Tensor targets = scores.targets();
        Tensor logits = margin.logits(scores.cosines(), targets);
        Tensor value = loss.loss(logits, scores.cosines(), targets);

        double targetCosMean = TargetColumn.gather(scores.cosines().detach(), targets).mean().item_double();
        Tensor predicted = logits.detach().argmax(new LongOptional(1), false);
        return step(value, targetCosMean, predicted.eq(targets).to(torch.ScalarType.Double).mean().item_double(), null);
    }

    /** The loss that reads the margin's logits: softmax cross-entropy or the dissected softmax. */
    public LossFunction lossFunction() {
        return loss;
    }

    @Override
    protected String describeLoss() {
        return loss.describe();
    }
}
