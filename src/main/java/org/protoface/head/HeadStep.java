package org.protoface.head;

import org.bytedeco.pytorch.Tensor;

import java.util.Map;

/**
 * What one head forward produced: the scalar loss (with gradient) and telemetry values for
 * metrics.jsonl (names in snake_case, e.g. "memory_fill", "neg_age_mean").
 *
 * <p>A head that ran on the embeddings of every rank (model-parallel class shards, or Prototype
 * Memory with gathered embeddings) scored a gathered copy that is a leaf of its own graph: its
 * loss's backward stops there, and {@link #gathered()} turns that leaf's gradient into the
 * gradient of this rank's own B x d embeddings, to be pushed into the encoder. Its loss and
 * telemetry cover the global batch and are identical on every rank. A local head has no
 * {@code gathered} part: its loss reaches the embeddings directly and covers this rank's batch.
 *
 * @param gathered null for a head whose graph reaches the embeddings itself
 */
public record HeadStep(Tensor loss, Map<String, Double> telemetry, GatheredGradient gathered) {
    /** A step of a head that ran on this rank's batch only: its scalar loss and telemetry. */
    public HeadStep(Tensor loss, Map<String, Double> telemetry) {
        this(loss, telemetry, null);
    }

    /** A step of a head that ran on this rank's batch only, without telemetry. */
    public HeadStep(Tensor loss) {
        this(loss, Map.of());
    }

    /** Whether the loss and telemetry describe the global batch (every rank holds the same values). */
    public boolean global() {
        return gathered != null;
    }

    /** The way back from a gathered leaf to this rank's own embeddings. */
    @FunctionalInterface
    public interface GatheredGradient {
        /**
         * Call after the loss's backward (every rank, same order: it may be a collective).
         *
         * @return B_r x d, the gradient for this rank's embeddings, scaled so that the encoder's
         *         gradient averaged over the ranks equals one process's gradient on the global batch
         */
        Tensor localGradient();
    }
}
