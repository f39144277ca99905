package org.protoface.torch.dist;

/**
 * Element-wise reductions Gloo offers on CPU tensors. There is no AVG in Gloo: an average is a
 * SUM divided by the world size.
 */
public enum ReduceKind {
    SUM, MAX, MIN
}
