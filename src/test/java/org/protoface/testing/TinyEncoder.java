package org.protoface.testing;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.GraphSink;
import org.protoface.torch.Layers;

/** A very small conv net for fast training-loop tests (conv-BN-ReLU, linear). */
public final class TinyEncoder extends Encoder {
    private final Conv2dImpl conv;
    private final BatchNorm2dImpl bn;
    private final LinearImpl fc;
    private final int size;
    private final int dim;

    public TinyEncoder(int size, int dim) {
        this.size = size;
        this.dim = dim;
        conv = register_module("conv", Layers.conv2d(3, 8, 3, 2, 1, false));
        bn = register_module("bn", Layers.batchNorm2d(8, 1e-5, 0.1));
        fc = register_module("fc", Layers.linear(8L * (size / 2) * (size / 2), dim, true));
    }

    @Override
    public Tensor forward(Tensor images) {
        Tensor h = torch.relu(bn.forward(conv.forward(images)));
        return fc.forward(h.flatten(1, -1));
    }

    /** ReLU is not a layer real encoders use, so this stand-in cannot be exported. */
    @Override
    public GraphSink.Value describe(GraphSink sink, GraphSink.Value images) {
        throw new UnsupportedOperationException("TinyEncoder is a training-loop stand-in and has no graph description");
    }

    @Override
    public EncoderSpec spec() {
        return new EncoderSpec("tiny", 0, 1.0, size, dim, 0.0);
    }

    @Override
    public double gflopsPerImage() {
        return 0;
    }
}
