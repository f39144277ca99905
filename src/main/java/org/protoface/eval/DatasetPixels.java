package org.protoface.eval;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;

import java.util.stream.IntStream;

/** Loads evaluation images in parallel into one CHW float array. */
final class DatasetPixels {
    private DatasetPixels() {}

    /** A corrupt evaluation image is an error: skipping it would silently change the protocol. */
    static float[] load(FaceDataset data, int[] identities, int[] indices) {
        int per = 3 * data.imageSize() * data.imageSize();
        float[] pixels = new float[identities.length * per];
        IntStream.range(0, identities.length).parallel().forEach(i -> {
            try {
                data.load(identities[i], indices[i], pixels, i * per);
            } catch (CorruptRecordException e) {
                throw new IllegalArgumentException("evaluation image " + indices[i] + " of identity " + identities[i]
                        + " cannot be decoded: " + e.getMessage(), e);
            }
        });
        return pixels;
    }
}
