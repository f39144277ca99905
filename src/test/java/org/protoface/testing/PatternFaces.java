package org.protoface.testing;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;

import java.util.SplittableRandom;

/** Test dataset: each identity is a fixed random pattern, each image adds seeded noise. */
public final class PatternFaces implements FaceDataset {
    private final int identities, images, size;

    public PatternFaces(int identities, int images, int size) {
        this.identities = identities;
        this.images = images;
        this.size = size;
    }

    @Override
    public int identityCount() {
        return identities;
    }

    @Override
    public int imageCount(int identity) {
        return images;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public void load(int identity, int index, float[] dst, int offset) throws CorruptRecordException {
        SplittableRandom id = new SplittableRandom(identity * 7919L + 1);
        SplittableRandom noise = new SplittableRandom(identity * 104729L + index * 31L + 5);
        int n = 3 * size * size;
        for (int i = 0; i < n; i++) dst[offset + i] = (float) (id.nextDouble(-1, 1) * 0.7 + noise.nextDouble(-0.3, 0.3));
    }

    @Override
    public String describe() {
        return "pattern faces " + identities + " x " + images;
    }
}
