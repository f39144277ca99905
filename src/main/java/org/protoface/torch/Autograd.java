package org.protoface.torch;

import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;

/** Autograd calls whose Java signatures spell out every C++ default argument. */
public final class Autograd {
    private Autograd() {}

    /**
     * Backpropagates {@code gradient} (the upstream gradient, same shape as {@code output}) through
     * {@code output}'s graph, accumulating into the leaves' {@code .grad}; the graph is freed.
     */
    public static void backward(Tensor output, Tensor gradient) {
        output.backward(gradient, new BoolOptional(), false, new TensorArrayRefOptional());
    }
}
