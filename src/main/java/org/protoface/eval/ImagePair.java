package org.protoface.eval;

/**
 * One verification pair: image {@code indexA} of {@code identityA} against image {@code indexB} of
 * {@code identityB}. {@code same} is the ground truth ("same person"), always equal to
 * {@code identityA == identityB}.
 */
public record ImagePair(int identityA, int indexA, int identityB, int indexB, boolean same) {
    public ImagePair {
        if (identityA < 0 || indexA < 0 || identityB < 0 || indexB < 0) {
            throw new IllegalArgumentException("negative identity or image index in pair " + describe(identityA, indexA, identityB, indexB));
        }
        if (same != (identityA == identityB)) {
            throw new IllegalArgumentException("pair " + describe(identityA, indexA, identityB, indexB)
                    + " labelled same=" + same + " but identities " + (same ? "differ" : "match"));
        }
        if (same && indexA == indexB) {
            throw new IllegalArgumentException("same pair compares an image with itself: " + describe(identityA, indexA, identityB, indexB));
        }
    }

    private static String describe(int ia, int xa, int ib, int xb) {
        return "(" + ia + "/" + xa + ", " + ib + "/" + xb + ")";
    }
}
