package org.protoface.pipeline.gallery;

import org.protoface.infer.EmbeddingModel;

import java.nio.file.Path;

/**
 * Which model made a gallery's vectors and how it was run: its fingerprint (a hash of the weights
 * and the input convention, {@link EmbeddingModel#fingerprint()}), its one-line description, the
 * embedding dimension, where it was loaded from (so queries can find it; may be null) and whether
 * the flip test was run (the mirrored crop's embedding added before normalising; null when unknown:
 * a gallery enrolled before this was recorded, or a query that does not say). Vectors from another
 * model live in another space: comparing them means nothing; vectors with and without the flip test
 * are biased differently, so a score against a threshold set for one setting misleads for the other.
 */
public record GalleryModel(String fingerprint, String description, int dimension, String location, Boolean flipTest) {
    public GalleryModel {
        if (fingerprint == null || fingerprint.isBlank()) throw new IllegalArgumentException("a gallery model needs a fingerprint");
        if (dimension < 1) throw new IllegalArgumentException("embedding dimension must be positive, got " + dimension);
    }

    /** A model whose flip-test setting is unknown. */
    public GalleryModel(String fingerprint, String description, int dimension, String location) {
        this(fingerprint, description, dimension, location, null);
    }

    /**
     * @param location where the model was loaded from (a path), or null
     * @param flipTest whether the embeddings are made with the flip test
     */
    public static GalleryModel of(EmbeddingModel model, String location, boolean flipTest) {
        return new GalleryModel(model.fingerprint(), model.describe(), model.embeddingSize(), location, flipTest);
    }

    /** This model with another flip-test setting (null: unknown). */
    public GalleryModel withFlipTest(Boolean flip) {
        return new GalleryModel(fingerprint, description, dimension, location, flip);
    }

    /**
     * Whether {@code query}'s embeddings can be compared with this gallery's: the same model, and the
     * same flip-test setting when both are known (an unknown setting on either side is not checked).
     *
     * @throws ModelMismatchException naming both models when {@code query} is another model, or
     *                                naming the gallery and the flag to change when the flip-test settings differ
     */
    public void requireSame(GalleryModel query, Path gallery) {
        if (!fingerprint.equals(query.fingerprint)) throw new ModelMismatchException(gallery, this, query);
        if (flipTest != null && query.flipTest != null && !flipTest.equals(query.flipTest)) {
            throw ModelMismatchException.flipTest(gallery, flipTest);
        }
    }

    /** The description with the start of the fingerprint, e.g. "iresnet18 ... [sha256:1a2b3c4d5e6f]". */
    public String label() {
        String shortPrint = fingerprint.length() > 19 ? fingerprint.substring(0, 19) : fingerprint;
        return description + " [" + shortPrint + "]";
    }
}
