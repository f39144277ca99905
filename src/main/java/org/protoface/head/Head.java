package org.protoface.head;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * A classifier head: turns a batch of encoder embeddings and their identity labels into a loss.
 * The head owns whatever describes the classes (a weight matrix, sampled centres, a memory of
 * prototypes) and reports how many bytes that state takes.
 */
public interface Head {
    /**
     * @param embeddings raw encoder output, B x d, carrying gradient
     * @param labels     identity labels, B, int64
     * @param step       the global training step (0-based) this batch belongs to
     */
    HeadStep forward(Tensor embeddings, Tensor labels, long step);

    /** Tensors the shared optimizer updates (empty for heads that update their own state). */
    List<Tensor> optimizerParameters();

    /**
     * Called once per step after the optimizer step. This is the only place where a head's
     * non-gradient state (memories, sampled centres, their momentum, ages) changes.
     */
    void afterOptimizerStep(long step, double learningRate);

    /** Bytes of the head's persistent state (weights, optimizer state it owns, memory). */
    long stateBytes();

    /** Writes the head's whole state (weights, memory, centres, running values) for a checkpoint. */
    void saveState(OutputArchive archive);

    /**
     * Restores what {@link #saveState} wrote.
     *
     * @throws IllegalArgumentException when the checkpoint belongs to another head or size
     */
    void loadState(InputArchive archive);

    /** Short description for logs, e.g. "full softmax 2000 x 128, cosface s=30 m=0.35". */
    String describe();

    /**
     * An optional service this head offers to the rest of training, e.g.
     * {@code LookalikeSampling} (doppelganger mining feeds the sampler). Callers ask for the type
     * they can use; heads that offer nothing return empty.
     */
    default <T> Optional<T> capability(Class<T> type) {
        return Optional.empty();
    }
}
