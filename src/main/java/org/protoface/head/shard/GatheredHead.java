package org.protoface.head.shard;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.GatheredEmbeddings;
import org.protoface.distributed.RowGather;
import org.protoface.head.Head;
import org.protoface.head.HeadStep;

import java.util.List;
import java.util.Optional;

/**
 * Runs a replicated head (one whose whole state every rank holds, e.g. Prototype Memory) on the
 * global batch: the embeddings of every rank are all-gathered with their gradient (insightface's
 * {@code AllGatherFunc}, see {@link GatheredEmbeddings}) and the labels with them, and every rank
 * runs the same head on the same G x d leaf. Every rank thus computes the same loss, the same
 * gradient for every row of the leaf and the same state update, so replicas stay bit-identical;
 * {@link HeadStep#gathered()} hands this rank its rows of that gradient times the world size (the
 * data-parallel reducer averages the encoder's gradients, giving one process's gradient).
 *
 * <p>The wrapper has no state of its own: saving and loading are the wrapped head's, so a
 * checkpoint is the same whatever the number of ranks.
 */
public final class GatheredHead implements Head {
    private final Collectives world;
    /** The step's embeddings and labels, one collective per step once the batch size is known. */
    private final RowGather batchGather;
    private final Head head;

    /** Runs {@code head} (a replica on every rank) on the batch gathered from all ranks of {@code world}. */
    public GatheredHead(Collectives world, Head head) {
        this.world = world;
        this.batchGather = new RowGather(world);
        this.head = head;
    }

    /** The head every rank runs on the gathered batch. */
    public Head inner() {
        return head;
    }

    @Override
    public HeadStep forward(Tensor embeddings, Tensor labels, long step) {
        GatheredEmbeddings gathered = GatheredEmbeddings.gather(batchGather, embeddings, labels);
        Tensor allLabels = gathered.labels();
        HeadStep inner = head.forward(gathered.leaf(), allLabels, step);
        int ranks = world.worldSize();
        return new HeadStep(inner.loss(), inner.telemetry(), () -> gathered.localGradient(GatheredEmbeddings.Reduction.NONE, ranks));
    }

    @Override
    public List<Tensor> optimizerParameters() {
        return head.optimizerParameters();
    }

    @Override
    public void afterOptimizerStep(long step, double learningRate) {
        head.afterOptimizerStep(step, learningRate);
    }

    @Override
    public long stateBytes() {
        return head.stateBytes();
    }

    @Override
    public void saveState(OutputArchive archive) {
        head.saveState(archive);
    }

    @Override
    public void loadState(InputArchive archive) {
        head.loadState(archive);
    }

    @Override
    public String describe() {
        return head.describe() + ", on the batch gathered from " + world.worldSize() + " ranks";
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return head.capability(type);
    }
}
