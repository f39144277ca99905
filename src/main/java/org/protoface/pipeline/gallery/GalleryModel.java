package org.protoface.pipeline.gallery;

import org.protoface.infer.EmbeddingModel;

import java.nio.file.Path;

/**
 * Which model made a gallery's vectors: its fingerprint (a hash of the weights and the input
 * convention, {@link EmbeddingModel#fingerprint()}), its one-line description, the embedding
 * dimension and where it was loaded from (so queries can find it; may be null). Vectors from
 * another model live in another space: comparing them means nothing.
 */
public record GalleryModel(String fingerprint, String description, int dimension, String location) {
    public GalleryModel {
        if (fingerprint == null || fingerprint.isBlank()) throw new IllegalArgumentException("a gallery model needs a fingerprint");
        if (dimension < 1) throw new IllegalArgumentException("embedding dimension must be positive, got " + dimension);
    }

    /** @param location where the model was loaded from (a path), or null */
    public static GalleryModel of(EmbeddingModel model, String location) {
        return new GalleryModel(model.fingerprint(), model.describe(), model.embeddingSize(), location);
    }

    /**
     * @throws ModelMismatchException naming both models when {@code query} is another model
     */
    public void requireSame(GalleryModel query, Path gallery) {
        if (!fingerprint.equals(query.fingerprint)) throw new ModelMismatchException(gallery, this, query);
    }

    /** The description with the start of the fingerprint, e.g. "iresnet18 ... [sha256:1a2b3c4d5e6f]". */
    public String label() {
        String shortPrint = fingerprint.length() > 19 ? fingerprint.substring(0, 19) : fingerprint;
        return description + " [" + shortPrint + "]";
    }
}
