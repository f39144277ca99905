package org.protoface.data.synthetic;

import java.util.SplittableRandom;

/**
 * The permanent look of one synthetic identity, drawn deterministically from (world seed,
 * identity number); nothing is stored, so any of the 2^31 identities can be rendered on demand.
 *
 * <p>Coordinates are in the face frame: origin at the face centre, u to the image right, v down,
 * unit = half the image width when the face is at scale 1. The traits are chosen to survive
 * 32 px renders: global shape, skin / hair / iris colour, feature geometry, hair style, facial
 * hair, and a few large soft skin patches whose positions and colours form an identity-specific
 * low-frequency texture (about 30 continuous numbers, so millions of identities stay distinct).
 */
public final class FaceTraits {
    /** Number of identity-specific soft skin patches. */
    public static final int PATCHES = 5;

    public final float faceHalfWidth;
    public final float faceHalfHeight;
    /** How much the face narrows towards the chin (0 = ellipse). */
    public final float chinTaper;
    public final Rgb skin;

    public final float eyeHalfSpacing;
    public final float eyeY;
    public final float eyeHalfWidth;
    public final float eyeHalfHeight;
    /** Outer-corner tilt of the eyes in radians (mirrored between the eyes). */
    public final float eyeTilt;
    public final float irisRadius;
    public final Rgb iris;

    public final float browGap;
    public final float browHalfWidth;
    public final float browHalfHeight;
    public final float browTilt;
    public final Rgb brow;

    public final float noseTipY;
    public final float noseHalfWidth;
    public final float noseShadow;

    public final float mouthY;
    public final float mouthHalfWidth;
    public final float lipHalfHeight;
    public final Rgb lips;

    public final Rgb hair;
    /** Hairline height on the forehead (face frame v, negative = above the centre). */
    public final float hairlineY;
    public final float hairlineCurve;
    public final float hairPartTilt;
    /** Hair volume ellipse around the head, relative to the face ellipse. */
    public final float hairVolume;
    /** Length of hair hanging below the hair volume centre; 0 = short hair. */
    public final float hairLength;
    public final float hairStrandFrequency;

    /** Beard opacity (0 = clean shaven) and whether a moustache is drawn. */
    public final float beard;
    public final boolean moustache;

    public final float earHalfHeight;

    private final float[] patchU = new float[PATCHES];
    private final float[] patchV = new float[PATCHES];
    private final float[] patchRadius = new float[PATCHES];
    private final Rgb[] patchColour = new Rgb[PATCHES];

    public final float moleU;
    public final float moleV;
    public final float moleRadius;

    private static final Rgb[] HAIR_BASES = {
        new Rgb(25, 20, 18), new Rgb(70, 45, 30), new Rgb(120, 80, 45), new Rgb(200, 165, 100),
        new Rgb(150, 60, 30), new Rgb(170, 170, 170), new Rgb(45, 35, 30)
    };
    private static final Rgb[] IRIS_BASES = {
        new Rgb(70, 40, 20), new Rgb(50, 90, 150), new Rgb(70, 110, 60), new Rgb(100, 100, 110), new Rgb(30, 20, 15)
    };
    private static final Rgb DARK_SKIN = new Rgb(85, 55, 40);
    private static final Rgb LIGHT_SKIN = new Rgb(245, 205, 180);

    private FaceTraits(SplittableRandom rnd) {
        faceHalfWidth = f(rnd, 0.50, 0.64);
        faceHalfHeight = f(rnd, 0.70, 0.86);
        chinTaper = f(rnd, 0.0, 0.45);
        skin = DARK_SKIN.mix(LIGHT_SKIN, rnd.nextDouble()).jitter(rnd, 14);

        eyeHalfSpacing = f(rnd, 0.19, 0.29);
        eyeY = f(rnd, -0.20, -0.06);
        eyeHalfWidth = f(rnd, 0.075, 0.11);
        eyeHalfHeight = f(rnd, 0.035, 0.06);
        eyeTilt = f(rnd, -0.18, 0.18);
        irisRadius = eyeHalfHeight * f(rnd, 0.85, 1.25);
        iris = IRIS_BASES[rnd.nextInt(IRIS_BASES.length)].jitter(rnd, 20);

        hair = HAIR_BASES[rnd.nextInt(HAIR_BASES.length)].jitter(rnd, 25);
        browGap = f(rnd, 0.07, 0.13);
        browHalfWidth = f(rnd, 0.08, 0.14);
        browHalfHeight = f(rnd, 0.014, 0.035);
        browTilt = f(rnd, -0.3, 0.3);
        brow = hair.mix(new Rgb(20, 15, 12), rnd.nextDouble(0.2, 0.7));

        noseTipY = f(rnd, 0.10, 0.22);
        noseHalfWidth = f(rnd, 0.045, 0.085);
        noseShadow = f(rnd, 0.15, 0.4);

        mouthY = noseTipY + f(rnd, 0.14, 0.24);
        mouthHalfWidth = f(rnd, 0.12, 0.20);
        lipHalfHeight = f(rnd, 0.022, 0.048);
        lips = skin.mix(new Rgb(170, 60, 70), rnd.nextDouble(0.25, 0.6));

        boolean bald = rnd.nextDouble() < 0.08;
        hairlineY = bald ? -2f : -faceHalfHeight * f(rnd, 0.35, 0.75);
        hairlineCurve = f(rnd, 0.0, 0.7);
        hairPartTilt = f(rnd, -0.3, 0.3);
        hairVolume = f(rnd, 1.03, 1.25);
        hairLength = rnd.nextDouble() < 0.35 ? f(rnd, 0.5, 1.4) : 0f;
        hairStrandFrequency = f(rnd, 8, 22);

        beard = rnd.nextDouble() < 0.25 ? f(rnd, 0.45, 0.95) : 0f;
        moustache = rnd.nextDouble() < 0.2;
        earHalfHeight = f(rnd, 0.09, 0.15);

        for (int k = 0; k < PATCHES; k++) {
            // Patches sit on the cheeks, forehead and chin; their large radius keeps them visible at 32 px.
            patchU[k] = f(rnd, -0.45, 0.45) * faceHalfWidth / 0.5f;
            patchV[k] = f(rnd, -0.55, 0.65);
            patchRadius[k] = f(rnd, 0.14, 0.32);
            patchColour[k] = Rgb.random(rnd, -38, 38);
        }
        moleU = f(rnd, -0.35, 0.35);
        moleV = f(rnd, -0.3, 0.5);
        moleRadius = rnd.nextDouble() < 0.5 ? f(rnd, 0.025, 0.045) : 0f;
    }

    /** The traits of identity number {@code identity} in the world {@code seed}. */
    public static FaceTraits of(long seed, long identity) {
        if (identity < 0 || identity >= SyntheticSpec.IDENTITY_LIMIT) {
            throw new IllegalArgumentException("identity number " + identity + " outside 0..2^31-1");
        }
        return new FaceTraits(SeedMixer.random(seed, SeedMixer.TRAITS, identity, 0));
    }

    /** Horizontal centre of skin patch {@code k} in face coordinates (u, normalised, 0 at the face's centre line). */
    public float patchU(int k) {
        return patchU[k];
    }

    /** Vertical centre of skin patch {@code k} in face coordinates (v, normalised, pointing down). */
    public float patchV(int k) {
        return patchV[k];
    }

    /** Radius of skin patch {@code k} in face coordinates (0.14 to 0.32). */
    public float patchRadius(int k) {
        return patchRadius[k];
    }

    /** Colour added at the centre of patch k, fading to zero at its radius. */
    public Rgb patchColour(int k) {
        return patchColour[k];
    }

    private static float f(SplittableRandom rnd, double lo, double hi) {
        return (float) rnd.nextDouble(lo, hi);
    }
}
