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
    private final boolean identicalGenuine;

    public PatternPairs(String name, int pairs, int size) {
        this(name, pairs, size, false);
    }

    private PatternPairs(String name, int pairs, int size, boolean identicalGenuine) {
        this.name = name;
        this.pairs = pairs;
        this.faces = new PatternFaces(pairs + 1, 2, size);
        this.identicalGenuine = identicalGenuine;
    }

    /**
     * Pairs whose same-identity pairs show one image twice: every model that is a function of the
     * image scores them 1, above every different pair it does not collapse, so the 10-fold
     * accuracy and the AUC are exactly 1, known without running the protocol.
     */
    public static PatternPairs identicalGenuine(String name, int pairs, int size) {
        return new PatternPairs(name, pairs, size, true);
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
        if (isSame(pair)) faces.load(pair, identicalGenuine ? 0 : side, dst, offset);
        else faces.load(pair + side, 0, dst, offset);
    }

    @Override
    public String describe() {
        return "pattern pairs " + name + ": " + pairs;
    }
}
