package org.protoface.distributed;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Tensors;

/**
 * The embeddings of the global batch, gathered from every rank, as a leaf that receives
 * gradient; and the way back from that leaf's gradient to this rank's own embeddings. This is
 * insightface's {@code AllGatherFunc} without a custom autograd function (Java cannot subclass
 * one): the head runs on {@link #leaf()}, its backward fills the leaf's gradient, and
 * {@link #localGradient} turns that into the gradient to push into the encoder.
 *
 * <p>Which scaling makes N ranks equal one process with the global batch. Let L be the loss over
 * the global batch of G = sum_r B_r samples (a mean over G), E the gathered G x d embeddings and
 * J_r the Jacobian of rank r's embeddings w.r.t. the encoder weights. One process computes
 * dL/dtheta = sum_r (dL/dE)[rows of r] J_r. On N ranks:
 * <ul>
 *   <li>{@link Reduction#SUM} (model parallel: each rank's head sees only its class shard, so its
 *       leaf gradient is its shard's part of dL/dE): all-reducing the leaf gradients gives dL/dE on
 *       every rank;</li>
 *   <li>{@link Reduction#NONE} (every rank ran the whole head on the whole gathered batch, e.g.
 *       Prototype Memory with gathered embeddings): every rank's leaf gradient already is dL/dE.</li>
 * </ul>
 * Rank r then backpropagates (dL/dE)[rows of r] times {@code scale} into its encoder. The
 * data-parallel reducer divides the sum of the N encoder gradients by N, so {@code scale} = N
 * (the world size) yields exactly sum_r (dL/dE)[rows of r] J_r, the one-process gradient; use
 * {@code scale} = 1 to get dL/d(this rank's embeddings) itself.
 */
public final class GatheredEmbeddings {
    /** How the leaf gradients of the ranks combine into dL/dE. */
    public enum Reduction {
        /** Each rank's head computed a part of the loss (a class shard): sum the leaf gradients over ranks. */
        SUM,
        /** Every rank computed the whole loss on the gathered batch: the leaf gradient is already complete. */
        NONE
    }

    private final Collectives collectives;
    private final Collectives.Gathered rows;
    private final Tensor leaf;
    private final Tensor labels;

    private GatheredEmbeddings(Collectives collectives, Collectives.Gathered rows, Tensor leaf, Tensor labels) {
        this.collectives = collectives;
        this.rows = rows;
        this.leaf = leaf;
        this.labels = labels;
    }

    /**
     * Gathers every rank's embeddings and their labels in one collective (batches may differ in
     * size; {@link RowGather#gatherWithLabels}).
     *
     * @param gather the call site's {@link RowGather} (it remembers the batch size, so a run's steps
     *               need one collective each)
     * @param local  this rank's B_r x d embeddings (with gradient; only their float32 values are sent)
     * @param labels this rank's B_r identity labels (any integer type)
     * @throws CollectiveException when a rank fails during the exchange
     */
    public static GatheredEmbeddings gather(RowGather gather, Tensor local, Tensor labels) {
        Tensor values = local.detach();
        if (values.scalar_type().value != torch.ScalarType.Float.value) values = values.to(torch.ScalarType.Float);
        RowGather.Labelled g = gather.gatherWithLabels(values, labels);
        Tensor leaf = g.rows().all().set_requires_grad(true);
        return new GatheredEmbeddings(gather.world(), g.rows(), leaf, g.labels());
    }

    /** G x d, every rank's embeddings in rank order; a leaf with requires_grad, for the head. */
    public Tensor leaf() {
        return leaf;
    }

    /** G identity labels (int64) of the rows of {@link #leaf()}, in the same order. */
    public Tensor labels() {
        return labels;
    }

    /** Rows per rank. */
    public long[] counts() {
        return rows.counts().clone();
    }

    /** Index of this rank's first row in {@link #leaf()}. */
    public long offset() {
        return rows.offset(collectives.rank());
    }

    /** G, the number of embeddings gathered over all ranks (rows of {@link #leaf()}). */
    public long total() {
        return rows.total();
    }

    /**
     * After the head's backward: the gradient for this rank's embeddings (B_r x d), to pass to
     * {@code embeddings.backward(gradient)} or {@link DataParallelSync#backward(Tensor, Tensor)}.
     * With {@link Reduction#SUM} this is a collective (an all-reduce of G x d floats).
     *
     * @param scale see the class comment: the world size when the encoder's gradients are then
     *              averaged over ranks, 1 for dL/d(this rank's embeddings)
     */
    public Tensor localGradient(Reduction reduction, double scale) {
        Tensor g = leaf.grad();
        Tensor full = g.defined() ? g.detach().clone() : Tensors.zeros(Tensors.shape(leaf));
        if (reduction == Reduction.SUM) collectives.allReduceSum(full);
        int r = collectives.rank();
        Tensor mine = full.narrow(0, rows.offset(r), rows.counts()[r]);
        return scale == 1.0 ? mine.contiguous() : mine.mul(new Scalar(scale));
    }
}
