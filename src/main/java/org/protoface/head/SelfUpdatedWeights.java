package org.protoface.head;

import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * A head's offer ({@link Head#capability}) when it updates some of its weights itself instead of
 * through the run's shared optimizer (the full softmax of a run, whose rows may be split across
 * ranks): the trainer checks their gradients for NaN/Inf before any update, as it does the
 * shared optimizer's.
 *
 * @param parameters leaves whose {@code grad()} the head's own update reads
 */
public record SelfUpdatedWeights(List<Tensor> parameters) {
    public SelfUpdatedWeights {
        parameters = List.copyOf(parameters);
    }
}
