package org.protoface.head;

import org.bytedeco.pytorch.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the class prototypes come from (full weight matrix, sampled centres, Prototype Memory).
 * Scores a batch against the classes taking part in this step and says which column is each
 * sample's own class. Margin and loss are applied on top, independently of the source.
 *
 * <p>Implementations with persistent state are {@link org.protoface.torch.StateModule}s: their state
 * is registered parameters and buffers, saved and loaded with the head that holds them.
 */
public interface ClassScorer {
    /**
     * @param embeddings raw encoder output B x d (with gradient); the scorer normalises it
     * @param labels     identity labels, B, int64
     */
    Scores score(Tensor embeddings, Tensor labels, long step);

    /** Tensors the shared optimizer updates; empty if the scorer updates its own state. */
    List<Tensor> optimizerParameters();

    /** After the optimizer step: the one place where the scorer's non-gradient state changes. */
    void afterOptimizerStep(long step, double learningRate);

    /** Bytes of the scorer's persistent state (weights, buffers it owns, memory). */
    long stateBytes();

    /** Telemetry of the last {@link #score} / update (snake_case keys). */
    Map<String, Double> telemetry();

    /** One line naming the scorer and its settings, for logs and reports. */
    String describe();

    /** An optional service of this scorer (see {@link Head#capability}); none by default. */
    default <T> Optional<T> capability(Class<T> type) {
        return Optional.empty();
    }
}
