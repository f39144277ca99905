package org.protoface.encoder;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Tensors;

import java.util.Arrays;

/**
 * A copy of one weight tensor for a {@link GraphSink}: float32 values in row-major order and the
 * shape. Copied out of libtorch so that sinks need no tensor library.
 *
 * @param values row-major float32 values (product of shape)
 * @param shape  dimensions, outermost first
 */
public record Weights(float[] values, long[] shape) {
    public Weights {
        long n = 1;
        for (long s : shape) n *= s;
        if (n != values.length) {
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
    }

    /** Copies a libtorch tensor (any layout, detached). */
    public static Weights of(Tensor t) {
        try (TensorScope scope = TensorScope.open()) {
            return new Weights(Tensors.floats(t), Tensors.shape(t));
        }
    }

    /** Number of values along dimension 0 (channels of a per-channel vector, rows of a matrix). */
    public int rows() {
        return (int) shape[0];
    }
}
