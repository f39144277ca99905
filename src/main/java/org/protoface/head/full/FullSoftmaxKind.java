package org.protoface.head.full;

import org.protoface.config.Section;
import org.protoface.distributed.ClassShard;
import org.protoface.head.Head;
import org.protoface.head.HeadContext;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadKind;
import org.protoface.head.HeadSize;
import org.protoface.head.Margin;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.margin.Margins;
import org.protoface.head.shard.ShardedLossFunction;
import org.protoface.head.shard.ShardedMarginSoftmaxHead;

import java.util.Optional;

/**
 * The full softmax ({@code head: full}): an N x d weight matrix, updated by the head itself with the
 * run's optimizer rule. With several ranks the matrix (and its optimizer state) is split across them
 * by class and the softmax cross-entropy is computed across ranks (model parallelism). No section of
 * its own.
 */
public final class FullSoftmaxKind implements HeadKind<Void> {
    /** The {@code head:} value, and the key of the kind's own config section. */
    public static final String NAME = "full";
    public static final FullSoftmaxKind INSTANCE = new FullSoftmaxKind();

    private FullSoftmaxKind() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "full softmax (N x d weights)";
    }

    @Override
    public Optional<Section<Void>> section() {
        return Optional.empty();
    }

    @Override
    public Optional<String> shortParameter() {
        return Optional.empty();
    }

    @Override
    public Head create(Void config, HeadContext context) {
        long n = context.size().identities();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("full softmax: at most 2^31-1 identities, got " + n);
        if (context.distributed() && context.classUpdate() == null) {
            throw new IllegalArgumentException("full softmax on " + context.world().worldSize() + " ranks: its rows are split across the"
                    + " ranks and need the run's update rule (build the head through TrainingRun)");
        }
        ClassShard shard = ClassShard.of(n, context.world().rank(), context.world().worldSize());
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(shard, context.size().embeddingDim(), context.classUpdate(), context.seed(),
                context.device());
        Margin margin = Margins.create(context.margin());
        if (!context.distributed()) return new MarginSoftmaxHead(scorer, margin, new SoftmaxCrossEntropy());
        return new ShardedMarginSoftmaxHead(context.world(), scorer, margin, ShardedLossFunction.crossEntropy());
    }

    /** Each rank holds ceil(N / world) rows and scores the gathered batch against them. */
    @Override
    public HeadFootprint footprint(Void config, HeadSize size, int worldSize) {
        return footprint(config, size.perRank(worldSize));
    }

    /**
     * State: W and its SGD momentum (2 N d float32). Step: six N x d temporaries (normalised W, the
     * gradients of the normalisation and of the matrix product, W's accumulated gradient, SGD's
     * weight-decayed gradient) plus the B x N score matrices; checked against a measured peak of
     * 18.0 GiB RSS at N = 10^6, d = 512, B = 128 (estimate 18.1 GiB).
     */
    @Override
    public HeadFootprint footprint(Void config, HeadSize size) {
        long n = size.identities();
        int d = size.embeddingDim();
        return new HeadFootprint(HeadFootprint.matrix(2, n, d),
                Math.addExact(HeadFootprint.matrix(6, n, d), HeadFootprint.matrix(HeadFootprint.SCORE_MATRICES, size.batchSize(), n)),
                n, n, 0);
    }

    @Override
    public boolean updatesEveryClassEveryStep() {
        return true;
    }
}
