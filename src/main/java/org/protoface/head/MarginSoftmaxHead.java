package org.protoface.head;

import org.protoface.torch.StateModule;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A head built from the three orthogonal choices: a {@link ClassScorer} (where the prototypes come
 * from), a {@link Margin} (how the target logit is changed) and a {@link LossFunction} (which loss
 * reads the logits). forward = scorer.score, then margin.logits, then loss.
 *
 * <p>Telemetry: the scorer's values plus "target_cos_mean" (mean cosine of each sample to its own
 * class, before the margin) and "train_acc" (fraction of rows whose largest logit, after the
 * margin, is the target column; among the classes taking part in the step).
 */
public final class MarginSoftmaxHead extends StateModule implements Head {
    static final String SCORER_KEY = "scorer";
    static final String MARGIN_KEY = "margin";

    private final ClassScorer scorer;
    private final Margin margin;
    private final LossFunction loss;

    /**
     * @param scorer where the prototypes come from; registered as sub-module "scorer" when it is a
     *               module, so its state is saved, loaded and placed with the head
     * @param margin the target-logit rule; sub-module "margin" when it is a module
     */
    public MarginSoftmaxHead(ClassScorer scorer, Margin margin, LossFunction loss) {
        this.scorer = scorer;
        this.margin = margin;
        this.loss = loss;
        if (scorer instanceof Module m) child(SCORER_KEY, m);
        if (margin instanceof Module m) child(MARGIN_KEY, m);
    }

    @Override
    public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
        Scores scores = scorer.score(embeddings, labels, step);
        Tensor targets = scores.targets();
        Tensor logits = margin.logits(scores.cosines(), targets);
        Tensor value = loss.loss(logits, scores.cosines(), targets);

        Map<String, Double> telemetry = new LinkedHashMap<>(scorer.telemetry());
        telemetry.put("target_cos_mean", TargetColumn.gather(scores.cosines().detach(), targets).mean().item_double());
        Tensor predicted = logits.detach().argmax(new LongOptional(1), false);
        telemetry.put("train_acc", predicted.eq(targets).to(torch.ScalarType.Double).mean().item_double());
        // unmodifiable but ordered: scorer keys first, so metrics lines keep a stable column order
        return new HeadStep(value, Collections.unmodifiableMap(telemetry));
    }

    @Override
    public List<Tensor> optimizerParameters() {
        return scorer.optimizerParameters();
    }

    @Override
    public void afterOptimizerStep(long step, double learningRate) {
        scorer.afterOptimizerStep(step, learningRate);
    }

    @Override
    public long stateBytes() {
        return scorer.stateBytes();
    }

    /** Restores the scorer's and the margin's state (parameters and buffers) saved by {@link #saveState}. */
    @Override
    public void loadState(InputArchive archive) {
        loadState(archive, "head (" + describe() + ")");
    }

    /**
     * Where the prototypes come from (full matrix, sampled centres, Prototype Memory); the head's
     * sub-module "scorer" when it is a module.
     */
    public ClassScorer scorer() {
        return scorer;
    }

    /** The target-logit rule applied to the scorer's cosines (ArcFace, CosFace, CurricularFace, ...). */
    public Margin margin() {
        return margin;
    }

    /** The loss that reads the margin's logits: softmax cross-entropy or the dissected softmax. */
    public LossFunction lossFunction() {
        return loss;
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Optional<T> offer = scorer.capability(type);
        // the scorer names its tensors within itself; the head's state nests them under "scorer"
        if (type == ShardedClasses.class) return offer.map(o -> type.cast(((ShardedClasses) o).under(SCORER_KEY)));
        return offer;
    }

    @Override
    public String describe() {
        return scorer.describe() + ", " + margin.describe() + ", " + loss.describe();
    }
}
