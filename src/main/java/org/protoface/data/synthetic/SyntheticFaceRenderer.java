package org.protoface.data.synthetic;

/**
 * Renders photo {@code sample} of identity number {@code identity} of the synthetic world
 * {@code seed} at a fixed size. Stateless and thread-safe: every call draws traits and nuisance
 * from counter-based seeds, so results do not depend on call order or thread.
 */
public final class SyntheticFaceRenderer {
    private final long seed;
    private final int size;
    private final double difficulty;

    /**
     * @param seed       world seed; the same (seed, identity, sample) always renders the same image
     * @param size       side of the square output in pixels, 16 to 1024
     * @param difficulty nuisance amplitude, 0 to {@link SyntheticSpec#MAX_DIFFICULTY}
     * @throws IllegalArgumentException if {@code size} or {@code difficulty} is out of range
     */
    public SyntheticFaceRenderer(long seed, int size, double difficulty) {
        if (size < 16 || size > 1024) {
            throw new IllegalArgumentException("image size must be between 16 and 1024: " + size);
        }
        if (!(difficulty >= 0 && difficulty <= SyntheticSpec.MAX_DIFFICULTY)) {
            throw new IllegalArgumentException("difficulty must be in [0, " + SyntheticSpec.MAX_DIFFICULTY + "]: " + difficulty);
        }
        this.seed = seed;
        this.size = size;
        this.difficulty = difficulty;
    }

    /** A renderer with the seed, image size and difficulty of {@code spec}. */
    public SyntheticFaceRenderer(SyntheticSpec spec) {
        this(spec.seed(), spec.size(), spec.difficulty());
    }

    /** Side of the square rendered images in pixels. */
    public int size() {
        return size;
    }

    /**
     * Renders photo {@code sample} of {@code identity}: the identity's traits under that sample's nuisance
     * (deterministic for this renderer's seed).
     */
    public RenderedFace render(long identity, int sample) {
        return render(FaceTraits.of(seed, identity), nuisance(identity, sample));
    }

    /** The nuisance this renderer applies to photo {@code sample} of {@code identity}. */
    public Nuisance nuisance(long identity, int sample) {
        return Nuisance.of(seed, identity, sample, difficulty);
    }

    /** Renders given traits under given nuisance; lets tests and tools vary one factor at a time. */
    public RenderedFace render(FaceTraits traits, Nuisance nuisance) {
        FaceLayout layout = new FaceLayout(traits, nuisance);
        FacePose pose = new FacePose(size, nuisance);
        int pixels = size * size;
        float[] red = new float[pixels];
        float[] green = new float[pixels];
        float[] blue = new float[pixels];
        BackgroundPainter.paint(nuisance, size, red, green, blue);
        new FacePainter(traits, nuisance, layout, pose).paint(red, green, blue);
        byte[] rgb = ImageFinisher.finish(nuisance, size, red, green, blue);
        return new RenderedFace(size, rgb, pose.toPixels(layout.landmarksInFaceFrame()));
    }
}
