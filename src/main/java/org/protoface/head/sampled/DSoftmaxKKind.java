package org.protoface.head.sampled;

import org.protoface.config.Section;
import org.protoface.distributed.ClassShard;
import org.protoface.head.Head;
import org.protoface.head.HeadContext;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadKind;
import org.protoface.head.HeadSize;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.margin.NormFace;
import org.protoface.head.shard.ShardedLossFunction;
import org.protoface.head.shard.ShardedMarginSoftmaxHead;

import java.util.Optional;

/**
 * D-Softmax-K ({@code head: dsoftmax}; He et al., "Softmax Dissection", AAAI 2020): sampled centres
 * and the dissected loss, the {@code dsoftmax:} section. The margin section does not apply: the
 * intra-class threshold plays its role, and the logits (read only for train_acc) carry no margin.
 */
public final class DSoftmaxKKind implements HeadKind<DSoftmaxKConfig> {
    /** The {@code head:} value, and the key of the kind's own config section. */
    public static final String NAME = "dsoftmax";
    public static final DSoftmaxKKind INSTANCE = new DSoftmaxKKind();

    private DSoftmaxKKind() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "D-Softmax-K (dissected softmax, K sampled negatives)";
    }

    @Override
    public Optional<Section<DSoftmaxKConfig>> section() {
        return Optional.of(DSoftmaxKConfig.SECTION);
    }

    @Override
    public Optional<String> shortParameter() {
        return Optional.of("negatives");
    }

    @Override
    public Head create(DSoftmaxKConfig config, HeadContext context) {
        ClassShard shard = ClassShard.of(context.size().identities(), context.world().rank(), context.world().worldSize());
        PartialFcScorer scorer = PartialFcScorer.dSoftmaxK(shard, context.size().embeddingDim(), config, context.seed(), context.device());
        if (!context.distributed()) return new MarginSoftmaxHead(scorer, new NormFace(config.scale()), config.loss());
        return new ShardedMarginSoftmaxHead(context.world(), scorer, new NormFace(config.scale()),
                ShardedLossFunction.dissected(config.scale(), config.intraThreshold(), config.interThreshold()));
    }

    /** Each rank holds ceil(N / world) centres and draws its share of the K negatives from them. */
    @Override
    public HeadFootprint footprint(DSoftmaxKConfig config, HeadSize size, int worldSize) {
        return footprint(config, size.perRank(worldSize));
    }

    /** As Partial FC, with R = the batch's classes + K rows per step. */
    @Override
    public HeadFootprint footprint(DSoftmaxKConfig config, HeadSize size) {
        return PartialFcKind.sampledFootprint(size, Math.min(size.identities(), size.batchClasses() + (long) config.negatives()));
    }
}
