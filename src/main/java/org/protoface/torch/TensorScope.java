package org.protoface.torch;

import org.bytedeco.javacpp.PointerScope;

/**
 * The lifetime of per-step tensors: every tensor (and other native object) created on this thread
 * while the scope is open is released when it closes. Long-lived state is not created this way but
 * registered on a module ({@link StateModule}), which owns it whatever scope is open; a per-step
 * tensor that must outlive its scope is {@link Held}. Those three are the only lifetimes ProtoFace
 * code uses, and this package is the only one that touches JavaCPP's scopes.
 *
 * <pre>{@code try (TensorScope step = TensorScope.open()) { ... } }</pre>
 */
public final class TensorScope implements AutoCloseable {
    private final PointerScope scope;

    private TensorScope() {
        this.scope = new PointerScope();
    }

    /** Opens a scope on this thread (scopes nest; the innermost one collects new tensors). */
    public static TensorScope open() {
        return new TensorScope();
    }

    @Override
    public void close() {
        scope.close();
    }
}
