package org.protoface.data;

/**
 * A labelled collection of face images grouped by identity. Identities are numbered 0..N-1 and
 * that number is the class label used in training. Implementations must be thread-safe for
 * concurrent {@link #load} calls (the loader decodes in parallel).
 */
public interface FaceDataset {
    /** Number of identities; identities are numbered 0 to {@code identityCount() - 1}. */
    int identityCount();

    /** Number of images of one identity (at least 1). */
    int imageCount(int identity);

    /** Side of the square images {@link #load} produces. */
    int imageSize();

    /**
     * Writes image {@code index} of {@code identity} as normalised CHW floats, (x/255 - 0.5)/0.5,
     * into {@code dst} starting at {@code offset} (3 * size * size values).
     *
     * @throws CorruptRecordException when the stored image cannot be decoded; never writes a blank
     */
    void load(int identity, int index, float[] dst, int offset) throws CorruptRecordException;

    /** One line for logs: kind, identity and image counts, source. */
    String describe();

    /**
     * How the user knows this identity: the label stored in the file or the folder name, for
     * messages about it (an identity number 0..N-1 is ProtoFace's own and means nothing to a user).
     */
    default String identityLabel(int identity) {
        return String.valueOf(identity);
    }

    /** Where image {@code index} of {@code identity} is stored, e.g. "train.rec key 17" or a file path. */
    default String imageSource(int identity, int index) {
        return "image " + index + " of identity " + identityLabel(identity);
    }
}
