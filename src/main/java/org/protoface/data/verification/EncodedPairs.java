package org.protoface.data.verification;

import java.util.List;

/**
 * The raw content of a validation .bin: 2n encoded images (items 2i and 2i+1 form pair i) and the
 * n same-identity flags.
 */
public record EncodedPairs(List<byte[]> images, boolean[] issame) {
    public EncodedPairs {
        if (images.size() != 2 * issame.length) {
            throw new IllegalArgumentException(images.size() + " images for " + issame.length + " pairs");
        }
        images = List.copyOf(images);
        issame = issame.clone();
    }

    /** Number of pairs (half the number of images). */
    public int pairCount() {
        return issame.length;
    }

    /** Encoded bytes of image {@code side} (0 or 1) of pair {@code pair}. */
    public byte[] image(int pair, int side) {
        return images.get(2 * pair + side);
    }
}
