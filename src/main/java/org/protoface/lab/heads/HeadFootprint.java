package org.protoface.lab.heads;

import org.protoface.head.memory.PrototypeMemory;
import org.protoface.head.sampled.NegativeSampling;
import org.protoface.head.sampled.PartialFcScorer;

/**
 * What a head will need, computed from its size alone so that "does not fit" is decided before
 * anything is allocated.
 *
 * <ul>
 *   <li>{@code stateBytes}: the persistent state, by the same formulas the heads report once built:
 *       full softmax W and its SGD momentum (2 N d float32); Partial FC and D-Softmax-K
 *       {@link PartialFcScorer#requiredBytes}; Prototype Memory M (4 d + 16) bytes plus its slot
 *       index estimate, which never depends on N.</li>
 *   <li>{@code stepBytes}: an estimate of what one training step allocates on top, from the tensors
 *       autograd and the optimizer create, checked against measured peaks (full softmax at
 *       N = 10^6, d = 512, B = 128: 18.0 GiB peak RSS against 18.1 GiB estimated; Partial FC r = 0.1
 *       there: 5.9 GiB against 5.6 GiB, the difference being the JVM and libtorch themselves,
 *       about 0.25 GiB). Full softmax: six N x d
 *       temporaries (normalised W, the gradients of the normalisation and the matrix product, W's
 *       accumulated gradient, SGD's weight-decayed gradient) plus six B x N matrices (cosines,
 *       clamped cosines, logits, softmax and their gradients). Partial FC and D-Softmax-K: eight
 *       R x d tensors for the R rows gathered in a step (the rows, their normalised copy,
 *       gradients, momentum rows, updated rows) plus six B x R matrices. Prototype Memory: three
 *       R x d tensors (the memory rows taking part, the concatenated classifier, a copy in the
 *       product) plus six B x R matrices, R = M + the batch's classes; nothing flows back into the
 *       memory.</li>
 * </ul>
 * The estimate is deliberately simple; the caller adds a safety margin.
 *
 * @param rowsPerStep class weights taking part in one step (N for the full softmax)
 */
public record HeadFootprint(long stateBytes, long stepBytes, long rowsPerStep) {
    private static final long FLOAT = Float.BYTES;
    /** B x R matrices alive during a step: cosines, clamped, logits, softmax and their gradients. */
    private static final long SCORE_MATRICES = 6;

    /** State plus one step's working memory. */
    public long totalBytes() {
        return Math.addExact(stateBytes, stepBytes);
    }

    /**
     * @param classes N
     * @param dim     d, the embedding size
     * @param batch   B, images per step
     * @param batchClasses distinct identities per batch (B / K)
     */
    public static HeadFootprint of(HeadCase head, long classes, int dim, int batch, int batchClasses) {
        if (classes < 1) throw new IllegalArgumentException("number of classes must be >= 1, got " + classes);
        return switch (head.kind()) {
            case "full" -> new HeadFootprint(fullSoftmaxStateBytes(classes, dim),
                    Math.addExact(matrix(6, classes, dim), matrix(SCORE_MATRICES, batch, classes)), classes);
            case "pfc" -> {
                long rows = Math.min(classes, Math.max(batchClasses, new NegativeSampling.Rate(head.parameter()).rowsPerStep(classes)));
                yield sampled(classes, dim, batch, rows);
            }
            case "dsoftmax" -> sampled(classes, dim, batch, Math.min(classes, batchClasses + (long) head.parameter()));
            case "pm" -> {
                long slots = (long) head.parameter();
                long rows = slots + batchClasses;
                yield new HeadFootprint(memoryStateBytes(slots, dim), stepBytes(3, dim, batch, rows), rows);
            }
            default -> throw new IllegalArgumentException("unknown head kind " + head.kind());
        };
    }

    /** W (N x d float32) and one SGD momentum buffer of the same size, as FullSoftmaxScorer reports. */
    public static long fullSoftmaxStateBytes(long classes, int dim) {
        return matrix(2, classes, dim);
    }

    /** As PrototypeMemory.stateBytes(): M x (4 d + 16) bytes plus the per-slot index estimate. */
    public static long memoryStateBytes(long slots, int dim) {
        return Math.multiplyExact(slots, dim * FLOAT + 16 + PrototypeMemory.INDEX_BYTES_PER_SLOT);
    }

    private static HeadFootprint sampled(long classes, int dim, int batch, long rows) {
        return new HeadFootprint(PartialFcScorer.requiredBytes(classes, dim), stepBytes(8, dim, batch, rows), rows);
    }

    /** {@code rowTensors} R x d tensors plus the B x R score matrices. */
    private static long stepBytes(int rowTensors, int dim, int batch, long rows) {
        return Math.addExact(matrix(rowTensors, rows, dim), matrix(SCORE_MATRICES, batch, rows));
    }

    /** count x a x b float32 values, failing loudly instead of overflowing. */
    private static long matrix(long count, long a, long b) {
        return Math.multiplyExact(Math.multiplyExact(count * FLOAT, a), b);
    }
}
