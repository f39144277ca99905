package org.protoface.train;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.protoface.distributed.DataParallelSync;
import org.protoface.torch.Autograd;

import java.util.function.Supplier;

/**
 * The one place where gradients are synchronised between processes. A step runs backward through
 * it ({@link #backward(Tensor)} from the loss, or {@link #backward(Tensor, Tensor)} from the
 * embeddings with the gradient a gathered head computed for them), then calls
 * {@link #synchronise} before clipping and the optimizer step. Single-process training uses
 * {@link #LOCAL}; data-parallel training {@link #dataParallel}, whose all-reduce runs inside
 * backward (libtorch's DDP reducer).
 */
public interface GradientSync {
    /** Backward from a scalar loss; the encoder's gradients are synchronised when it returns. */
    default void backward(Tensor loss) {
        loss.backward();
    }

    /** Backward from {@code output} (B x d embeddings) with the upstream {@code gradient} of the same shape. */
    default void backward(Tensor output, Tensor gradient) {
        Autograd.backward(output, gradient);
    }

    /**
     * Once, before the first step and after a checkpoint was restored (every rank calls it): the
     * data-parallel form broadcasts rank 0's parameters and builds its reducer here.
     */
    default void start() {}

    /** After backward, before clipping: finishes the step's synchronisation and prepares the next. */
    void synchronise(TensorVector parameters);

    GradientSync LOCAL = parameters -> { };

    /**
     * Gradient averaging over the ranks through libtorch's DDP reducer (see {@link DataParallelSync}),
     * built by {@code sync} in {@link #start()}: after the checkpoint was loaded into the encoder
     * (a reducer built before the load averaged the first resumed step's gradients wrongly: its
     * gradient norm differed from the uninterrupted run's by 23%). Keep the returned object (and so
     * the reducer) referenced for the whole run.
     */
    static GradientSync dataParallel(Supplier<DataParallelSync> sync) {
        return new GradientSync() {
            private DataParallelSync reducer;

            @Override
            public void start() {
                if (reducer == null) reducer = sync.get();
            }

            private DataParallelSync started() {
                if (reducer == null) throw new IllegalStateException("data-parallel gradient sync used before start()");
                return reducer;
            }

            @Override
            public void backward(Tensor loss) {
                started().backward(loss);
            }

            @Override
            public void backward(Tensor output, Tensor gradient) {
                started().backward(output, gradient);
            }

            @Override
            public void synchronise(TensorVector parameters) {
                started().synchronise(parameters);
            }
        };
    }
}
