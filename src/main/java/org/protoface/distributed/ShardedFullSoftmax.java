package org.protoface.distributed;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.head.full.FullSoftmaxScorer;
import org.protoface.head.Margin;
import org.protoface.torch.StateModule;
import org.protoface.torch.Tensors;

/**
 * The full softmax with its N x d class matrix split across ranks (model parallelism): rank r
 * holds the rows of its {@link ClassShard} as a parameter for its own optimizer (not averaged
 * across ranks); each step gathers the embeddings and labels of the global batch, scores them
 * against the shard, applies the margin to targets this rank owns, and computes the softmax
 * cross-entropy across ranks. With one rank it is the ordinary full softmax.
 *
 * <p>A step, on every rank:
 * <pre>
 *   Step s = head.forward(embeddings, labels);          // collectives inside
 *   s.loss().tensor().backward();                       // shard gradient + leaf gradient
 *   Tensor g = s.embeddings().localGradient(SUM, world); // collective
 *   sync.backward(embeddings, g);                       // encoder backward, averaged by the reducer
 * </pre>
 */
public final class ShardedFullSoftmax extends StateModule {
    private final Collectives collectives;
    private final ClassShard shard;
    private final long dim;
    private final Margin margin;
    private final Tensor weight;

    /**
     * @param seed seeds {@link ShardInit}: the shard holds the same rows, N(0, 0.01^2), that one
     *             process would hold for these classes
     * @throws IllegalArgumentException for fewer classes than ranks, or a margin that cannot be sharded
     */
    public ShardedFullSoftmax(Collectives collectives, long numClasses, long dim, Margin margin, long seed) {
        ShardMargins.requireShardable(margin);
        this.collectives = collectives;
        this.shard = ClassShard.of(numClasses, collectives.rank(), collectives.worldSize());
        this.dim = dim;
        this.margin = margin;
        Tensor w = ShardInit.normalRows(seed, shard.start(), shard.count(), dim, FullSoftmaxScorer.INIT_STD);
        // a registered parameter: the module keeps the shard alive beyond any scope open at construction
        this.weight = parameter("weight", w);
    }

    /** This rank's rows of the class matrix, C_r x d: a leaf for this rank's optimizer. */
    public Tensor weight() {
        return weight;
    }

    public ClassShard shard() {
        return shard;
    }

    /**
     * @param embeddings this rank's B_r x d raw embeddings (with gradient)
     * @param labels     this rank's B_r int64 class labels in [0, N)
     */
    public Step forward(Tensor embeddings, Tensor labels) {
        if (embeddings.dim() != 2 || embeddings.size(1) != dim) {
            throw new IllegalArgumentException("sharded full softmax expects B x " + dim + " embeddings, got " + java.util.Arrays.toString(Tensors.shape(embeddings)));
        }
        GatheredEmbeddings gathered = GatheredEmbeddings.gather(collectives, embeddings);
        Tensor allLabels = collectives.allGatherRows(labels.to(torch.ScalarType.Long)).all();
        long min = allLabels.numel() == 0 ? 0 : allLabels.amin().item_long();
        long max = allLabels.numel() == 0 ? 0 : allLabels.amax().item_long();
        if (min < 0 || max >= shard.numClasses()) {
            throw new IllegalArgumentException("label " + (min < 0 ? min : max) + " is outside 0.." + (shard.numClasses() - 1));
        }
        Tensor cosines = Tensors.clamp(torch.mm(Tensors.l2normalize(gathered.leaf()), Tensors.l2normalize(weight).t()), -1.0, 1.0);
        Tensor targets = shard.localTargets(allLabels);
        Tensor logits = ShardMargins.logits(margin, cosines, targets);
        return new Step(gathered, ShardedCrossEntropy.loss(collectives, cosines, logits, targets));
    }

    /** One step's gathered embeddings (for the way back into the encoder) and its loss. */
    public record Step(GatheredEmbeddings embeddings, ShardedLoss loss) {}
}
