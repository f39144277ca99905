package org.protoface.head;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.StateModule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every margin softmax head ({@link MarginSoftmaxHead} on one process, the class-sharded head
 * of {@code head.shard} across ranks) shares around its forward: the {@link ClassScorer} and
 * {@link Margin} as sub-modules "scorer" and "margin" (one state layout, so checkpoints move
 * between world sizes), the scorer's parameters, update and state, and the step it hands back: the
 * loss with the scorer's telemetry followed by "target_cos_mean" (mean cosine of each sample to its
 * own class, before the margin) and "train_acc" (fraction of samples whose largest logit, after the
 * margin, is their own class). How the logits and the loss are computed is the subclass's forward.
 */
public abstract class ScorerHead extends StateModule implements Head {
    /** The scorer's sub-module name: its tensors are saved under "scorer." in the head's state. */
    protected static final String SCORER_KEY = "scorer";
    /** The margin's sub-module name, when the margin has state. */
    protected static final String MARGIN_KEY = "margin";

    /** Where the prototypes come from. */
    protected final ClassScorer scorer;
    /** The target-logit rule. */
    protected final Margin margin;

    /**
     * @param scorer registered as sub-module "scorer" when it is a module, so its state is saved,
     *               loaded and placed with the head
     * @param margin registered as sub-module "margin" when it is a module
     */
    protected ScorerHead(ClassScorer scorer, Margin margin) {
        this.scorer = scorer;
        this.margin = margin;
        if (scorer instanceof Module m) child(SCORER_KEY, m);
        if (margin instanceof Module m) child(MARGIN_KEY, m);
    }

    /**
     * The step a forward hands back.
     *
     * @param loss          the scalar loss, with gradient
     * @param targetCosMean mean cosine of each sample to its own class, before the margin
     * @param trainAccuracy fraction of samples whose largest logit is their own class's, in [0, 1]
     * @param gathered      the way back to this rank's embeddings, or null for a head that ran on them directly
     * @return telemetry ordered scorer keys first, so metrics lines keep a stable column order
     */
    protected final HeadStep step(Tensor loss, double targetCosMean, double trainAccuracy, HeadStep.GatheredGradient gathered) {
        Map<String, Double> telemetry = new LinkedHashMap<>(scorer.telemetry());
        telemetry.put("target_cos_mean", targetCosMean);
        telemetry.put("train_acc", trainAccuracy);
        return new HeadStep(loss, Collections.unmodifiableMap(telemetry), gathered);
    }

    /** The loss's one-line description, for {@link #describe()}. */
    protected abstract String describeLoss();

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

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Optional<T> offer = scorer.capability(type);
        // the scorer names its tensors within itself; the head's state nests them under "scorer"
        if (type == ShardedClasses.class) return offer.map(o -> type.cast(((ShardedClasses) o).under(SCORER_KEY)));
        return offer;
    }

    @Override
    public String describe() {
        return scorer.describe() + ", " + margin.describe() + ", " + describeLoss();
    }
}
