package org.protoface.pipeline.gallery;

import java.nio.file.Path;

/** A gallery was asked to compare vectors from a model other than the one that enrolled it. */
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
}
