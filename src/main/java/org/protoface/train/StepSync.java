package org.protoface.train;

import org.bytedeco.pytorch.Tensor;
import org.protoface.distributed.Collectives;
import org.protoface.head.HeadStep;
import org.protoface.torch.Tensors;

/**
 * What one step agrees on with the other ranks: the loss value (identical everywhere, so every
 * rank logs the same number and stops together on a non-finite one) and the backward from the
 * head into the encoder. One process: the loss as computed and a plain backward.
 */
final class StepSync {
    private StepSync() {}

    /**
     * The loss over the global batch: a head that ran on the gathered batch already has it;
     * a local head's losses are averaged over the ranks (an all-reduce: every rank calls this).
     */
    static double loss(Collectives world, HeadStep hs) {
        double local = hs.loss().item_double();
        if (hs.global() || world.worldSize() == 1) return local;
        Tensor t = Tensors.ofDoubles(local);
        world.allReduceMean(t);
        return t.item_double();
    }

    /**
     * Backward from the head's loss into the encoder through {@code sync}: directly for a local
     * head; for a head on gathered embeddings, first the head's own graph (down to its gathered
     * leaf), then the gradient it hands back for this rank's {@code embeddings}.
     */
    static void backward(GradientSync sync, HeadStep hs, Tensor embeddings) {
        if (!hs.global()) {
            sync.backward(hs.loss());
            return;
        }
        hs.loss().backward();
        sync.backward(embeddings, hs.gathered().localGradient());
    }
}
