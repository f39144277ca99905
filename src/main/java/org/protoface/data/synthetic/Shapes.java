package org.protoface.data.synthetic;

/** Anti-aliased coverage of soft-edged primitives, written to be cheap inside per-pixel loops. */
final class Shapes {
    private Shapes() {
    }

    /**
     * Coverage of an ellipse at a point whose normalised radius squared is {@code f}
     * ((du/a)^2 + (dv/b)^2, 1 on the boundary). Near the boundary the signed distance is about
     * (f - 1) * radius / 2, so {@code sharpness} = radius / (2 * edge width) turns f into a linear
     * ramp one edge width wide, without a square root.
     */
    static float cover(float f, float sharpness) {
        float a = 0.5f - (f - 1f) * sharpness;
        return a <= 0 ? 0 : (a >= 1 ? 1 : a);
    }

    /** Coverage of the half-plane d < 0 with a ramp one {@code edge} wide. */
    static float ramp(float d, float invEdge) {
        float a = 0.5f - d * invEdge;
        return a <= 0 ? 0 : (a >= 1 ? 1 : a);
    }

    /** Smooth bump (1 - d^2/r^2)^2 inside the radius, 0 outside; d2 and invR2 are squared. */
    static float bump(float d2, float invR2) {
        float t = 1f - d2 * invR2;
        return t <= 0 ? 0 : t * t;
    }
}
