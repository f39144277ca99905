package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;

/** A dataset of stored encoded images (files, RecordIO records), whose bytes can be read without decoding. */
public interface EncodedFaceSet extends FaceDataset {
    /** The encoded bytes (JPEG, PNG) of one image, as stored. */
    byte[] encodedImage(int identity, int index) throws CorruptRecordException;

    /** Total number of images over all identities. */
    long totalImages();

    /** The decoder {@link #load} uses (one per dataset). */
    ImageDecoder decoder();
}
