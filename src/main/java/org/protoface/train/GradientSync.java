package org.protoface.train;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.protoface.distributed.DataParallelSync;
import org.protoface.torch.Autograd;

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

    /** After backward, before clipping: finishes the step's synchronisation and prepares the next. */
    void synchronise(TensorVector parameters);

    GradientSync LOCAL = parameters -> { };

    /**
     * Gradient averaging over the ranks through libtorch's DDP reducer (see {@link DataParallelSync}).
     * Keep the returned object (and so the reducer) referenced for the whole run.
     */
    static GradientSync dataParallel(DataParallelSync sync) {
        return new GradientSync() {
            @Override
            public void backward(Tensor loss) {
                sync.backward(loss);
            }

            @Override
            public void backward(Tensor output, Tensor gradient) {
                sync.backward(output, gradient);
            }

            @Override
            public void synchronise(TensorVector parameters) {
                sync.synchronise(parameters);
            }
        };
    }
}
