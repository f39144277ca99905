package org.protoface.torch;

import org.bytedeco.pytorch.Tensor;

/**
 * A per-step tensor kept alive after the {@link TensorScope} it was created in closes, until this
 * holder is closed: e.g. the rows a sampled head gathered in its forward pass, needed again in its
 * update after the optimizer step, which a caller may run in another scope.
 */
public final class Held implements AutoCloseable {
    private Tensor tensor;

    private Held(Tensor tensor) {
        this.tensor = tensor;
    }

    /** Holds {@code t} (one extra reference, dropped by {@link #close}). */
    public static Held of(Tensor t) {
        t.retainReference();
        return new Held(t);
    }

    /** @throws IllegalStateException after {@link #close} */
    public Tensor get() {
        if (tensor == null) throw new IllegalStateException("tensor was already released");
        return tensor;
    }

    /** Releases the hold; the tensor is freed now unless a scope or a module still holds it. Idempotent. */
    @Override
    public void close() {
        if (tensor == null) return;
        tensor.releaseReference();
        tensor = null;
    }
}
