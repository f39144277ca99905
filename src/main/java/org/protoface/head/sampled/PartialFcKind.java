package org.protoface.head.sampled;

import org.protoface.config.Section;
import org.protoface.distributed.ClassShard;
import org.protoface.head.Head;
import org.protoface.head.HeadContext;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadKind;
import org.protoface.head.HeadSize;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.margin.Margins;
import org.protoface.head.shard.ShardedLossFunction;
import org.protoface.head.shard.ShardedMarginSoftmaxHead;

import java.util.Optional;

/** Partial FC ({@code head: pfc}; An et al., arXiv 2010.05222 / CVPR 2022): sampled centres, the {@code pfc:} section. */
public final class PartialFcKind implements HeadKind<PartialFcConfig> {
    /** The {@code head:} value, and the key of the kind's own config section. */
    public static final String NAME = "pfc";
    public static final PartialFcKind INSTANCE = new PartialFcKind();

    private PartialFcKind() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Partial FC (sampled class centres)";
    }

    @Override
    public Optional<Section<PartialFcConfig>> section() {
        return Optional.of(PartialFcConfig.SECTION);
    }

    @Override
    public Optional<String> shortParameter() {
        return Optional.of("sample_rate");
    }

    @Override
    public Head create(PartialFcConfig config, HeadContext context) {
        ClassShard shard = ClassShard.of(context.size().identities(), context.world().rank(), context.world().worldSize());
        PartialFcScorer scorer = PartialFcScorer.partialFc(shard, context.size().embeddingDim(), config, context.seed(), context.device());
        if (!context.distributed()) return new MarginSoftmaxHead(scorer, Margins.create(context.margin()), new SoftmaxCrossEntropy());
        return new ShardedMarginSoftmaxHead(context.world(), scorer, Margins.create(context.margin()), ShardedLossFunction.crossEntropy());
    }

    /** Each rank holds ceil(N / world) centres and samples from them. */
    @Override
    public HeadFootprint footprint(PartialFcConfig config, HeadSize size, int worldSize) {
        return footprint(config, size.perRank(worldSize));
    }

    /**
     * State: {@link PartialFcScorer#requiredBytes}. Step: eight R x d tensors for the R rows gathered
     * (rows, normalised copy, gradients, momentum rows, updated rows) plus the B x R score matrices;
     * measured 5.9 GiB peak RSS at N = 10^6, r = 0.1, d = 512 against 5.6 GiB estimated.
     */
    @Override
    public HeadFootprint footprint(PartialFcConfig config, HeadSize size) {
        long n = size.identities();
        long rows = Math.min(n, Math.max(size.batchClasses(), new NegativeSampling.Rate(config.sampleRate()).rowsPerStep(n)));
        return sampledFootprint(size, rows);
    }

    static HeadFootprint sampledFootprint(HeadSize size, long rows) {
        return new HeadFootprint(PartialFcScorer.requiredBytes(size.identities(), size.embeddingDim()),
                HeadFootprint.stepBytes(8, size.embeddingDim(), size.batchSize(), rows), rows,
                size.identities(), 0);
    }
}
