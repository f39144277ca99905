package org.protoface.head;

/**
 * What a head will need, computed from its configuration and size alone, so that "does not fit"
 * is decided before anything is allocated. Each {@link HeadKind} states its own footprint.
 *
 * @param stateBytes  the persistent state (weights, optimizer buffers it owns, memory, per-class
 *                    bookkeeping), by the same formulas the built head reports in
 *                    {@link Head#stateBytes()}
 * @param stepBytes   an estimate of what one training step allocates on top (autograd and
 *                    optimizer temporaries); deliberately simple, callers add a safety margin
 * @param rowsPerStep class weights taking part in one step (N for the full softmax)
 * @param capacity    class weights the state can hold: N for heads that store every class, the
 *                    memory size M for Prototype Memory
 * @param fillSteps   steps until the state stops growing (a memory filling up); 0 when it is
 *                    complete from the start
 */
public record HeadFootprint(long stateBytes, long stepBytes, long rowsPerStep, long capacity, long fillSteps) {
    private static final long FLOAT = Float.BYTES;
    /** B x R matrices alive during a step: cosines, clamped, logits, softmax and their gradients. */
    public static final long SCORE_MATRICES = 6;

    /** Whether the state holds a weight for every identity, so it grows with N. */
    public boolean storesEveryClass(long identities) {
        return capacity >= identities && fillSteps == 0;
    }

    /** State plus one step's working memory. */
    public long totalBytes() {
        return Math.addExact(stateBytes, stepBytes);
    }

    /** {@code rowTensors} R x d float32 tensors plus the B x R score matrices. */
    public static long stepBytes(int rowTensors, int dim, int batch, long rows) {
        return Math.addExact(matrix(rowTensors, rows, dim), matrix(SCORE_MATRICES, batch, rows));
    }

    /** count x a x b float32 values, failing loudly instead of overflowing. */
    public static long matrix(long count, long a, long b) {
        return Math.multiplyExact(Math.multiplyExact(count * FLOAT, a), b);
    }
}
