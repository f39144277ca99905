package org.protoface.encoder;

import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Layers;
import org.protoface.torch.StateModule;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A face encoder: B x 3 x S x S images normalised to [-1, 1] in, B x d raw (not normalised)
 * embeddings out. Subclasses register their layers so that parameters(), buffers(), save() and
 * load() of the module cover the whole network.
 */
public abstract class Encoder extends StateModule {
    private boolean frozenBatchNorm;

    /**
     * Embeds a batch of faces.
     *
     * @param images B x 3 x S x S float32 images normalised to [-1, 1], S = {@code spec().inputSize()}
     * @return B x d raw (not L2-normalised) embeddings, d = {@code spec().embeddingSize()}; float32,
     *         or the 16-bit type when run inside a bf16/fp16 autocast scope (callers cast back)
     * @throws IllegalArgumentException when {@code images} does not have that shape (both built-in
     *                                  encoders check before the first layer)
     */
    public abstract Tensor forward(Tensor images);

    /**
     * With {@code frozen}, training mode leaves every BatchNorm layer in evaluation mode: it
     * normalises with its running statistics and does not update them, so a sample's output does
     * not depend on the other samples of its batch (nor on how a global batch is split across
     * ranks). Takes effect at the next {@link #train(boolean) train(true)}.
     */
    public void freezeBatchNorm(boolean frozen) {
        this.frozenBatchNorm = frozen;
    }

    /** Whether BatchNorm is frozen ({@link #freezeBatchNorm}); in a run, {@code dist.batch_norm=frozen}. */
    public boolean batchNormFrozen() {
        return frozenBatchNorm;
    }

    /** libtorch's train/eval switch, keeping BatchNorm in evaluation mode when it is frozen. */
    @Override
    public void train(boolean on) {
        super.train(on);
        if (on && frozenBatchNorm) Layers.freezeBatchNorm(this);
    }

    /** The configuration this encoder was built from (saved next to the weights). */
    public abstract EncoderSpec spec();

    /**
     * Describes {@link #forward} as evaluation mode computes it (BatchNorm with running statistics,
     * no dropout), layer by layer with the current weights, so that exporters can translate the
     * network without knowing its class.
     *
     * @param sink   receives the layers in execution order
     * @param images the sink's handle of the B x 3 x S x S input, in the standard layout
     * @return the sink's handle of the B x d raw embeddings
     */
    public abstract GraphSink.Value describe(GraphSink sink, GraphSink.Value images);

    /** Multiply-accumulates x 2 for one image at the spec's input size, in GFLOPs. */
    public abstract double gflopsPerImage();

    /**
     * The network as a chain of named blocks whose forwards, applied in order to the images, give
     * {@link #forward}'s output (skipping only its input checks); for per-block profiling. The
     * default is one block, the whole network.
     */
    public List<Block> blocks() {
        return List.of(new Block("encoder", gflopsPerImage(), this::forward));
    }

    /**
     * One block of {@link #blocks()}.
     *
     * @param name           e.g. "stem", "stage1.unit0", "output"
     * @param gflopsPerImage its forward's multiply-accumulates x 2 per image, in GFLOPs
     * @param forward        its forward pass
     */
    public record Block(String name, double gflopsPerImage, UnaryOperator<Tensor> forward) {}

    /**
     * Number of scalar values in all registered parameters, trainable or not, through every
     * sub-module; buffers (BatchNorm running statistics) are not counted.
     */
    public long parameterCount() {
        long n = 0;
        var params = parameters();
        for (long i = 0; i < params.size(); i++) n += params.get(i).numel();
        return n;
    }
}
