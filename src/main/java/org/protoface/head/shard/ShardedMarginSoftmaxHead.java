package org.protoface.head.shard;

import org.bytedeco.pytorch.Tensor;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.GatheredEmbeddings;
import org.protoface.distributed.RowGather;
import org.protoface.distributed.ShardedLoss;
import org.protoface.head.ClassScorer;
import org.protoface.head.HeadStep;
import org.protoface.head.Margin;
import org.protoface.head.ScorerHead;
import org.protoface.head.Scores;
import org.protoface.head.margin.ShardMargins;

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
 * <p>Telemetry ({@link ScorerHead}): the scorer's (this rank's classes) plus global
 * {@code target_cos_mean} and {@code train_acc} (whether the target's logit is the largest over all N classes).
 */
public final class ShardedMarginSoftmaxHead extends ScorerHead {
    private final Collectives world;
    /** The step's embeddings and labels, one collective per step once the batch size is known. */
    private final RowGather batchGather;
    private final ShardedLossFunction loss;

    /**
     * @param scorer scores a batch against this rank's classes (a module: registered as "scorer",
     *               like {@code MarginSoftmaxHead}, so both heads save the same state tree and
     *               checkpoints move between world sizes)
     * @throws IllegalArgumentException for a margin that needs targets of other ranks (CurricularFace)
     */
    public ShardedMarginSoftmaxHead(Collectives world, ClassScorer scorer, Margin margin, ShardedLossFunction loss) {
        super(scorer, shardable(margin));
        this.world = world;
        this.batchGather = new RowGather(world);
        this.loss = loss;
    }

    /** {@code margin}, refused before anything is registered when it cannot be split across ranks. */
    private static Margin shardable(Margin margin) {
        ShardMargins.requireShardable(margin);
        return margin;
    }

    @Override
    public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
        GatheredEmbeddings gathered = GatheredEmbeddings.gather(batchGather, embeddings, labels);
        Tensor allLabels = gathered.labels();
        Scores scores = scorer.score(gathered.leaf(), allLabels, step);
        Tensor logits = ShardMargins.logits(margin, scores.cosines(), scores.targets());
        ShardedLoss value = loss.loss(world, scores.cosines(), logits, scores.targets());
        int ranks = world.worldSize();
        return step(value.tensor(), value.targetCosMean(), value.trainAccuracy(),
                () -> gathered.localGradient(GatheredEmbeddings.Reduction.SUM, ranks));
    }

    @Override
    protected String describeLoss() {
        return loss.describe();
    }
}
