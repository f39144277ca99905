package org.protoface.testing;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.verification.VerificationPairs;

/**
 * In-memory verification pairs over {@link PatternFaces}: even pairs compare two images of one
 * identity, odd pairs the first images of two neighbouring identities.
 */
public final class PatternPairs implements VerificationPairs {
    private final String name;
    private final int pairs;
    private final PatternFaces faces;

    public PatternPairs(String name, int pairs, int size) {
        this.name = name;
        this.pairs = pairs;
        this.faces = new PatternFaces(pairs + 1, 2, size);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int pairCount() {
        return pairs;
    }

    @Override
    public boolean isSame(int pair) {
        return pair % 2 == 0;
    }

    @Override
    public int imageSize() {
        return faces.imageSize();
    }

    @Override
    public void load(int pair, int side, float[] dst, int offset) throws CorruptRecordException {
        if (isSame(pair)) faces.load(pair, side, dst, offset);
        else faces.load(pair + side, 0, dst, offset);
    }

    @Override
    public String describe() {
        return "pattern pairs " + name + ": " + pairs;
    }
}
