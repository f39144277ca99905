package org.protoface.data.synthetic;

import org.protoface.data.FaceDataset;

/**
 * The synthetic identity source as a {@link FaceDataset}: label k is identity number
 * {@code offset + k}, every identity has {@code images} photos, and each photo is rendered on
 * demand (nothing is stored, so millions of identities cost no memory). Thread-safe.
 */
public final class SyntheticDataset implements FaceDataset {
    private final SyntheticSpec spec;
    private final SyntheticFaceRenderer renderer;

    /** @param spec identities, images per identity, image size, difficulty and seed of the rendered set */
    public SyntheticDataset(SyntheticSpec spec) {
        this.spec = spec;
        this.renderer = new SyntheticFaceRenderer(spec);
    }

    /** Builds the dataset from a {@code synthetic:...} spec string. */
    public static SyntheticDataset parse(String spec) {
        return new SyntheticDataset(SyntheticSpec.parse(spec));
    }

    /** The spec this dataset renders. */
    public SyntheticSpec spec() {
        return spec;
    }

    @Override
    public int identityCount() {
        return spec.identities();
    }

    @Override
    public int imageCount(int identity) {
        checkIdentity(identity);
        return spec.images();
    }

    @Override
    public int imageSize() {
        return spec.size();
    }

    /** Photo {@code index} of label {@code identity}, with its landmarks. */
    public RenderedFace render(int identity, int index) {
        checkIdentity(identity);
        if (index < 0 || index >= spec.images()) {
            throw new IndexOutOfBoundsException("image index " + index + " outside 0.." + (spec.images() - 1)
                    + " for identity " + identity);
        }
        return renderer.render(spec.identityNumber(identity), index);
    }

    @Override
    public void load(int identity, int index, float[] dst, int offset) {
        int values = 3 * spec.size() * spec.size();
        if (offset < 0 || offset + values > dst.length) {
            throw new IndexOutOfBoundsException("destination of length " + dst.length + " cannot hold " + values
                    + " values at offset " + offset);
        }
        render(identity, index).writeNormalisedChw(dst, offset);
    }

    @Override
    public String describe() {
        return "synthetic: " + spec.identities() + " identities x " + spec.images() + " images, " + spec.size() + " px, seed "
                + spec.seed() + ", identity numbers " + spec.offset() + ".." + (spec.offset() + spec.identities() - 1)
                + ", difficulty " + spec.difficulty();
    }

    private void checkIdentity(int identity) {
        if (identity < 0 || identity >= spec.identities()) {
            throw new IndexOutOfBoundsException("identity " + identity + " outside 0.." + (spec.identities() - 1));
        }
    }
}
