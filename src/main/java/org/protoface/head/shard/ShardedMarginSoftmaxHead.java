package org.protoface.head.shard;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.GatheredEmbeddings;
import org.protoface.distributed.RowGather;
import org.protoface.distributed.ShardedLoss;
import org.protoface.head.ClassScorer;
import org.protoface.head.Head;
import org.protoface.head.HeadStep;
import org.protoface.head.Margin;
import org.protoface.head.Scores;
import org.protoface.head.ShardedClasses;
import org.protoface.head.margin.ShardMargins;
import org.protoface.torch.StateModule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A margin softmax head whose class weights are split across ranks by class (model parallelism,
 * as insightface's Partial FC does across GPUs). Each step, on every rank:
 * <ol>
 *   <li>the embeddings and labels of every rank are all-gathered ({@link GatheredEmbeddings}: the
 *       G x d global batch as a leaf of this head's graph);</li>
 *   <li>the scorer scores them against this rank's classes; samples whose class lives on another
 *       rank get the placeholder target C_r;</li>
 *   <li>the margin changes the target logit on the rank owning the class only ({@link ShardMargins});</li>
 *   <li>the loss is computed across ranks ({@link ShardedLossFunction}: log-sum-exp all-reduced).</li>
 * </ol>
 * The loss's backward gives this rank's class weights their exact gradient and the gathered leaf
 * this shard's part of dL/dE; {@link HeadStep#gathered()} sums those parts over the ranks (an
 * all-reduce) and hands back this rank's rows times the world size, which the data-parallel
 * reducer's average turns into the one-process gradient (see {@link GatheredEmbeddings}).
 *
 * <p>Telemetry: the scorer's (this rank's classes) plus global {@code target_cos_mean} and
 * {@code train_acc} (whether the target's logit is the largest over all N classes).
 */
public final class ShardedMarginSoftmaxHead extends StateModule implements Head {
    static final String MARGIN_KEY = "margin";
    static final String SCORER_KEY = "scorer";

    private final Collectives world;
    /** The step's embeddings and labels, one collective per step once the batch size is known. */
    private final RowGather batchGather;
    private final ClassScorer scorer;
    private final Margin margin;
    private final ShardedLossFunction loss;

    /**
     * @param scorer scores a batch against this rank's classes (a module: registered as "scorer",
     *               like {@code MarginSoftmaxHead}, so both heads save the same state tree)
     * @throws IllegalArgumentException for a margin that needs targets of other ranks (CurricularFace)
     */
    public ShardedMarginSoftmaxHead(Collectives world, ClassScorer scorer, Margin margin, ShardedLossFunction loss) {
        ShardMargins.requireShardable(margin);
        this.world = world;
        this.batchGather = new RowGather(world);
        this.scorer = scorer;
        this.margin = margin;
        this.loss = loss;
        if (scorer instanceof Module m) child(SCORER_KEY, m);
        // the same state layout as the one-process head, so checkpoints move between world sizes
        if (margin instanceof Module m) child(MARGIN_KEY, m);
    }

    @Override
    public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
        GatheredEmbeddings gathered = GatheredEmbeddings.gather(batchGather, embeddings, labels);
        Tensor allLabels = gathered.labels();
        Scores scores = scorer.score(gathered.leaf(), allLabels, step);
        Tensor logits = ShardMargins.logits(margin, scores.cosines(), scores.targets());
        ShardedLoss value = loss.loss(world, scores.cosines(), logits, scores.targets());
        Map<String, Double> telemetry = new LinkedHashMap<>(scorer.telemetry());
        telemetry.put("target_cos_mean", value.targetCosMean());
        telemetry.put("train_acc", value.trainAccuracy());
        int ranks = world.worldSize();
        return new HeadStep(value.tensor(), Collections.unmodifiableMap(telemetry),
                () -> gathered.localGradient(GatheredEmbeddings.Reduction.SUM, ranks));
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

    @Override
    public void loadState(InputArchive archive) {
        loadState(archive, "head (" + describe() + ")");
    }

    /** The scorer of this rank's class rows. */
    public ClassScorer scorer() {
        return scorer;
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Optional<T> offer = scorer.capability(type);
        if (type == ShardedClasses.class) return offer.map(o -> type.cast(((ShardedClasses) o).under(SCORER_KEY)));
        return offer;
    }

    @Override
    public String describe() {
        return scorer.describe() + ", " + margin.describe() + ", " + loss.describe();
    }
}
