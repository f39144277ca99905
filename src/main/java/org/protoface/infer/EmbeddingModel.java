package org.protoface.infer;

/**
 * A face embedding model: aligned face crops in, raw (not normalised) embeddings out. ProtoFace's
 * own encoders ({@link TorchEncoderModel}) and imported models implement it, so evaluation, the
 * recognition pipeline and the gallery work the same with either.
 *
 * <p>Implementations need not be thread-safe; use one instance per thread.
 */
public interface EmbeddingModel extends AutoCloseable {
    /** The crop size, normalisation and colour order the model was trained with. */
    InputSpec input();

    /** Embedding dimension d. */
    int embeddingSize();

    /**
     * Embeds {@code n} crops given in ProtoFace's standard layout (n x 3 x S x S CHW floats, RGB,
     * (v - 127.5) / 127.5, S = {@code input().size()}); the model converts them to its own
     * convention with {@link InputSpec#fromStandard}.
     *
     * @return n raw embeddings of {@link #embeddingSize()} values each (not L2-normalised)
     * @throws IllegalArgumentException if the pixel count is not n x 3 x S x S
     */
    float[][] embedRaw(float[] standardChw, int n);

    /**
     * A fingerprint of the weights and the input convention ("sha256:..."): two models with the same
     * fingerprint produce the same embeddings. Galleries store it to refuse queries from another model.
     */
    String fingerprint();

    /** One line for logs and error messages, e.g. "iresnet18 x0.25 (runs/x/model)". */
    String describe();

    /** The arithmetic of the model's forward pass ("fp32", "bf16"), recorded next to results. */
    default String precision() {
        return "fp32";
    }

    /** Releases native resources; the default does nothing. */
    @Override
    default void close() {}
}
