package org.protoface.data.synthetic;

import java.util.SplittableRandom;

/**
 * Everything that changes between two photos of the same identity: pose, lighting, expression,
 * occluders, camera blur and noise, background and clothing. Drawn deterministically from
 * (world seed, identity, sample). Amplitudes scale with {@code difficulty}; difficulty 0 gives a
 * frontal, evenly lit, neutral face without glasses, blur or noise (background still varies).
 *
 * <p>The pose is strong on purpose (shift up to 7% of the image width, rotation up to 20 degrees,
 * scale 0.82..1.1, yaw squeeze) so that raw pixels of two photos do not line up.
 */
public final class Nuisance {
    public static final int MAX_CLUTTER = 4;

    /** In-plane rotation in radians (positive turns the face clockwise on screen, v down). */
    public final float rotation;
    public final float scale;
    /** Shift of the face centre in normalised image coordinates (image spans [-1, 1]). */
    public final float shiftX;
    public final float shiftY;
    /** Head turn in [-1, 1]: squeezes the head horizontally and slides the features sideways. */
    public final float yaw;

    /** Light direction in the face frame (unit vector) and strength of the directional term. */
    public final float lightU;
    public final float lightV;
    public final float lightStrength;
    /** Per-channel camera gain (exposure times colour cast) and a contrast factor around mid grey. */
    public final float gainR;
    public final float gainG;
    public final float gainB;
    public final float contrast;

    /** Mouth-corner lift (face units), mouth opening in [0, 1], eye openness in (0, 1]. */
    public final float smile;
    public final float mouthOpen;
    public final float eyeOpen;
    public final float gazeU;
    public final float gazeV;

    public final Glasses glasses;
    public final Rgb frame;
    public final float lensScale;

    /** Gaussian blur sigma in pixels at 64 px (scaled with the image size) and noise sigma (0..255 scale). */
    public final float blurSigma64;
    public final float noiseSigma;
    public final long noiseSeed;

    public final Rgb background0;
    public final Rgb background1;
    public final float gradientX;
    public final float gradientY;
    public final int clutterCount;
    private final float[] clutterX = new float[MAX_CLUTTER];
    private final float[] clutterY = new float[MAX_CLUTTER];
    private final float[] clutterRx = new float[MAX_CLUTTER];
    private final float[] clutterRy = new float[MAX_CLUTTER];
    private final Rgb[] clutterColour = new Rgb[MAX_CLUTTER];
    public final float stripeAmplitude;
    public final float stripeX;
    public final float stripeY;
    public final Rgb clothing;

    /** Eyewear occluder kinds. */
    public enum Glasses { NONE, CLEAR, SUNGLASSES }

    private Nuisance(SplittableRandom rnd, double d) {
        rotation = (float) (rnd.nextDouble(-1, 1) * Math.toRadians(20) * d);
        scale = (float) StrictMath.exp(rnd.nextDouble(-0.2, 0.1) * d);
        shiftX = (float) (rnd.nextDouble(-0.14, 0.14) * d);
        shiftY = (float) (rnd.nextDouble(-0.12, 0.12) * d);
        yaw = (float) Math.max(-1, Math.min(1, rnd.nextDouble(-1, 1) * d));

        double lightAngle = rnd.nextDouble(0, 2 * Math.PI);
        lightU = (float) StrictMath.cos(lightAngle);
        lightV = (float) StrictMath.sin(lightAngle);
        lightStrength = (float) (rnd.nextDouble(0, 0.55) * Math.min(1, d));
        double exposure = StrictMath.exp(rnd.nextDouble(-0.35, 0.3) * d);
        gainR = (float) (exposure * StrictMath.exp(rnd.nextDouble(-0.12, 0.12) * d));
        gainG = (float) (exposure * StrictMath.exp(rnd.nextDouble(-0.12, 0.12) * d));
        gainB = (float) (exposure * StrictMath.exp(rnd.nextDouble(-0.12, 0.12) * d));
        contrast = (float) StrictMath.exp(rnd.nextDouble(-0.3, 0.2) * d);

        smile = (float) (rnd.nextDouble(-0.015, 0.05) * d);
        mouthOpen = rnd.nextDouble() < 0.3 * d ? (float) rnd.nextDouble(0.2, 1.0) : 0f;
        eyeOpen = rnd.nextDouble() < 0.1 * d ? (float) rnd.nextDouble(0.1, 0.3) : (float) (1 - rnd.nextDouble(0, 0.35) * d);
        gazeU = (float) (rnd.nextDouble(-0.3, 0.3) * d);
        gazeV = (float) (rnd.nextDouble(-0.15, 0.15) * d);

        double glassesDraw = rnd.nextDouble();
        glasses = glassesDraw < 0.08 * d ? Glasses.SUNGLASSES : glassesDraw < 0.28 * d ? Glasses.CLEAR : Glasses.NONE;
        frame = Rgb.random(rnd, 10, 200);
        lensScale = (float) rnd.nextDouble(0.9, 1.25);

        blurSigma64 = (float) (rnd.nextDouble(0, 1.1) * d);
        noiseSigma = (float) (rnd.nextDouble(0, 9) * d);
        noiseSeed = rnd.nextLong();

        background0 = Rgb.random(rnd, 0, 255);
        background1 = Rgb.random(rnd, 0, 255);
        double gradientAngle = rnd.nextDouble(0, 2 * Math.PI);
        double gradientSteepness = rnd.nextDouble(0.2, 1.0);
        gradientX = (float) (StrictMath.cos(gradientAngle) * gradientSteepness);
        gradientY = (float) (StrictMath.sin(gradientAngle) * gradientSteepness);
        clutterCount = d > 0 ? rnd.nextInt(MAX_CLUTTER + 1) : 0;
        for (int k = 0; k < MAX_CLUTTER; k++) {
            clutterX[k] = (float) rnd.nextDouble(-1.1, 1.1);
            clutterY[k] = (float) rnd.nextDouble(-1.1, 1.1);
            clutterRx[k] = (float) rnd.nextDouble(0.1, 0.6);
            clutterRy[k] = (float) rnd.nextDouble(0.1, 0.6);
            clutterColour[k] = Rgb.random(rnd, 0, 255);
        }
        boolean stripes = rnd.nextDouble() < 0.4 * d;
        stripeAmplitude = stripes ? (float) rnd.nextDouble(10, 40) : 0f;
        stripeX = (float) rnd.nextDouble(-4, 4);
        stripeY = (float) rnd.nextDouble(-4, 4);
        clothing = Rgb.random(rnd, 0, 255);
    }

    /** The nuisance of photo {@code sample} of identity number {@code identity}. */
    public static Nuisance of(long seed, long identity, int sample, double difficulty) {
        if (sample < 0) {
            throw new IllegalArgumentException("sample index must be non-negative: " + sample);
        }
        if (!(difficulty >= 0 && difficulty <= SyntheticSpec.MAX_DIFFICULTY)) {
            throw new IllegalArgumentException("difficulty must be in [0, " + SyntheticSpec.MAX_DIFFICULTY + "]: " + difficulty);
        }
        return new Nuisance(SeedMixer.random(seed, SeedMixer.NUISANCE, identity, sample), difficulty);
    }

    /** Centre x of background blob k (normalised image coordinates), k < clutterCount. */
    public float clutterX(int k) {
        return clutterX[k];
    }

    /** Vertical centre of background clutter blob {@code k}, in image coordinates from -1 (top) to 1 (bottom). */
    public float clutterY(int k) {
        return clutterY[k];
    }

    /** Horizontal radius of background clutter blob {@code k}, in image half-widths (0.1 to 0.6). */
    public float clutterRadiusX(int k) {
        return clutterRx[k];
    }

    /** Vertical radius of background clutter blob {@code k}, in image half-heights. */
    public float clutterRadiusY(int k) {
        return clutterRy[k];
    }

    /** Colour of background clutter blob {@code k}. */
    public Rgb clutterColour(int k) {
        return clutterColour[k];
    }

    /** Horizontal squeeze of the head caused by the yaw turn. */
    public float squeeze() {
        return 1f - 0.28f * Math.abs(yaw);
    }

    /** Sideways slide of the eyes and mouth (face units) caused by the yaw turn; the nose slides further. */
    public float featureShift() {
        return 0.10f * yaw;
    }
}
