package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.protoface.torch.Autograd;
import org.protoface.torch.dist.BucketedReducer;

/**
 * Data-parallel gradient averaging for the encoder through libtorch's own DDP reducer
 * ({@link BucketedReducer}): each rank runs forward and backward on its own batch; during
 * backward, gradients are copied into buckets and every full bucket is all-reduced while the
 * rest of backward still runs; when backward returns, every rank's encoder {@code .grad} holds
 * the average over the ranks. BatchNorm statistics stay local, as in insightface's arcface_torch
 * (buffers are broadcast once at start, not every step).
 *
 * <p>Order of calls per step, on every rank:
 * <pre>
 *   sync.backward(loss)              // instead of loss.backward(): the all-reduce runs inside it
 *   sync.synchronise(parameters)     // checks, and prepares the next step's backward
 * </pre>
 * The constructor broadcasts rank 0's parameters and buffers (so every rank starts from the same
 * weights, whatever its own initialisation or checkpoint), checks that all ranks have the same
 * parameter shapes, builds the reducer and prepares the first backward.
 *
 * <p>Only the parameters given here are averaged. The optimizer may hold more (a sharded class
 * matrix of the model-parallel full softmax, whose gradient is this rank's own and must not be
 * averaged): {@link #synchronise}'s argument is not used for that reason.
 */
public final class DataParallelSync {
    /** Broadcast buffer for the start-up copy of parameters (DDP uses 250 MiB). */
    static final long BROADCAST_BUCKET_BYTES = 250L << 20;

    private final Collectives collectives;
    private final BucketedReducer reducer;

    /**
     * @param parameters the encoder's parameters (the tensors the reducer averages); all must
     *                   receive a gradient in every step
     * @param buffers    the encoder's buffers (BatchNorm running statistics), copied from rank 0 once
     * @throws CollectiveException when a rank fails during the start-up broadcast
     */
    public DataParallelSync(Collectives collectives, TensorVector parameters, TensorVector buffers, DistConfig config) {
        this.collectives = collectives;
        if (collectives.worldSize() == 1) {
            this.reducer = null;
            return;
        }
        TensorVector all = new TensorVector();
        for (long i = 0; i < parameters.size(); i++) all.push_back(parameters.get(i));
        for (long i = 0; i < buffers.size(); i++) all.push_back(buffers.get(i));
        collectives.run("parameter check", () -> collectives.group().verifySameParameters(parameters));
        collectives.run("parameter broadcast", () -> collectives.group().broadcastCoalesced(all, BROADCAST_BUCKET_BYTES, 0));
        // DDP's 1 MiB first bucket, unless the buckets asked for are smaller still
        long first = Math.min(DistConfig.FIRST_BUCKET_BYTES, config.bucketBytes());
        this.reducer = new BucketedReducer(collectives.group(), parameters, config.bucketBytes(), first);
        collectives.run("bucket set-up", reducer::prepareIteration);
    }

    /**
     * Runs backward from {@code loss} (or from any tensor with its gradient, see
     * {@link #backward(Tensor, Tensor)}); the encoder's gradients are averaged over the ranks when it returns.
     *
     * @throws CollectiveException naming the rank at fault when an all-reduce fails
     */
    public void backward(Tensor loss) {
        collectives.run("gradient all-reduce", loss::backward);
    }

    /** Backward from {@code output} with the given upstream gradient (same shape), then averaged as above. */
    public void backward(Tensor output, Tensor gradient) {
        collectives.run("gradient all-reduce", () -> Autograd.backward(output, gradient));
    }

    /**
     * Called after backward, before clipping: the reducer has already written the averaged
     * gradients; this prepares the reducer for the next step's backward (and, after the first
     * step, rebuilds its buckets in the order gradients arrived, once, as DDP does).
     */
    public void synchronise(TensorVector parameters) {
        if (reducer == null) return;
        collectives.run("bucket preparation", reducer::prepareIteration);
    }

    /** Buckets of the reducer's initial assignment (0 in a world of one). */
    public long bucketCount() {
        return reducer == null ? 0 : reducer.bucketCount();
    }
}
