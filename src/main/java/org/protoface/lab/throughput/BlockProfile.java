package org.protoface.lab.throughput;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.encoder.Encoder;
import org.protoface.torch.Autocast;
import org.protoface.torch.Autograd;
import org.protoface.torch.Device;
import org.protoface.torch.Precision;
import org.protoface.torch.Tensors;

import java.util.ArrayList;
import java.util.List;

/**
 * Forward and backward time of each block of an encoder ({@link Encoder#blocks()}), each block
 * timed alone on the input the preceding blocks give it, in a given precision (autocast scope and
 * image layout as in training). The blocks' sum can be compared with the encoder's share of a real
 * step: the gap is what running them in one graph adds or saves (cache reuse, allocation).
 *
 * <p>Training mode (BatchNorm batch statistics, as in a step); the encoder's running statistics
 * and gradients change, so profile a copy that is not trained further.
 */
final class BlockProfile {
    /** One block: best (minimum) seconds over the repeats, per batch. */
    record BlockTime(String name, double gflopsPerImage, double forwardSeconds, double backwardSeconds) {
        double gflopsPerSecond(int batch) {
            double s = forwardSeconds + backwardSeconds;
            return s > 0 ? 3 * gflopsPerImage * batch / s : 0;
        }
    }

    private BlockProfile() {}

    static List<BlockTime> measure(Encoder encoder, Precision precision, int batch, int repeats) {
        int side = encoder.spec().inputSize();
        List<Encoder.Block> blocks = encoder.blocks();
        encoder.train(true);
        List<BlockTime> times = new ArrayList<>();
        try (TensorScope outer = TensorScope.open()) {
            // each block's input: what the blocks before it produce from random images
            List<Tensor> inputs = new ArrayList<>();
            Tensor x = precision.prepareImages(Tensors.randn(batch, 3, side, side));
            try (Autocast ignored = precision.autocast(Device.CPU)) {
                for (Encoder.Block block : blocks) {
                    inputs.add(x);
                    x = block.forward().apply(x).detach();
                }
            }
            for (int i = 0; i < blocks.size(); i++) {
                double forward = Double.MAX_VALUE, backward = Double.MAX_VALUE;
                for (int r = 0; r < repeats; r++) {
                    try (TensorScope scope = TensorScope.open()) {
                        Tensor in = inputs.get(i).detach();
                        // the stem's input is the images, which need no gradient in training
                        if (i > 0) in.set_requires_grad(true);
                        long t0 = System.nanoTime();
                        Tensor out;
                        try (Autocast ignored = precision.autocast(Device.CPU)) {
                            out = blocks.get(i).forward().apply(in);
                        }
                        long t1 = System.nanoTime();
                        Tensor upstream = torch.randn_like(out);
                        long t2 = System.nanoTime();
                        Autograd.backward(out, upstream);
                        long t3 = System.nanoTime();
                        forward = Math.min(forward, (t1 - t0) / 1e9);
                        backward = Math.min(backward, (t3 - t2) / 1e9);
                    }
                }
                times.add(new BlockTime(blocks.get(i).name(), blocks.get(i).gflopsPerImage(), forward, backward));
            }
        }
        encoder.zero_grad(true);
        return times;
    }
}
