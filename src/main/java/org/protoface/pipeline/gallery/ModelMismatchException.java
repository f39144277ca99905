package org.protoface.pipeline.gallery;

import java.nio.file.Path;

/**
 * A gallery was asked to compare vectors from a model other than the one that enrolled it, or made
 * with the other flip-test setting.
 */
public final class ModelMismatchException extends IllegalArgumentException {
    /**
     * @param gallery  the gallery's folder
     * @param enrolled the model that enrolled the gallery
     * @param query    the model the query was embedded with
     */
    public ModelMismatchException(Path gallery, GalleryModel enrolled, GalleryModel query) {
        super("gallery " + gallery + " holds embeddings of " + enrolled.label() + " but this query uses "
                + query.label() + "; use the gallery's model, or enrol into a new gallery with this one");
    }

    private ModelMismatchException(String message) {
        super(message);
    }

    /**
     * The gallery was enrolled with the flip test and the query runs without it, or the other way round.
     *
     * @param gallery         the gallery's folder
     * @param galleryFlipTest whether the gallery's embeddings were made with the flip test
     */
    static ModelMismatchException flipTest(Path gallery, boolean galleryFlipTest) {
        return new ModelMismatchException(galleryFlipTest
                ? "gallery " + gallery + " was enrolled with the flip test but these embeddings are made without it (--no-flip); "
                        + "drop --no-flip, or enrol again into a new gallery with --no-flip"
                : "gallery " + gallery + " was enrolled without the flip test (--no-flip) but these embeddings use it; "
                        + "pass --no-flip, or enrol again into a new gallery without it");
    }
}
