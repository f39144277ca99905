package org.protoface.train;

import org.bytedeco.pytorch.TensorVector;

/**
 * The one place where gradients are synchronised between processes, called after backward and
 * before clipping and the optimizer step. Single-process training uses {@link #LOCAL}; the
 * data-parallel trainer will all-reduce (average) the gradients over a c10d process group here.
 */
public interface GradientSync {
    void synchronise(TensorVector parameters);

    GradientSync LOCAL = parameters -> { };
}
