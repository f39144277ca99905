package org.protoface.data.synthetic;

/**
 * A rotated, anti-aliased ellipse in the face frame, precomputed once per photo and evaluated
 * per pixel. Features thinner than a pixel (brows, lip line, eyes at 32 px) are drawn as a
 * half-pixel-wider ellipse with proportionally lower opacity, which keeps their visual weight
 * (ink per area) instead of letting them vanish or bloat.
 */
final class SoftEllipse {
    final float centreU;
    final float centreV;
    private final float cos;
    private final float sin;
    private final float invA2;
    private final float invB2;
    private final float sharpness;
    private final float peak;
    private final float reach;
    private final float fMax;

    /**
     * @param angle    rotation of the u axis of the ellipse in radians
     * @param edge     anti-aliasing ramp width in face units (about one pixel)
     */
    SoftEllipse(float centreU, float centreV, float radiusU, float radiusV, float angle, float edge) {
        this.centreU = centreU;
        this.centreV = centreV;
        this.cos = (float) StrictMath.cos(angle);
        this.sin = (float) StrictMath.sin(angle);
        float half = edge / 2;
        float a = (float) Math.sqrt(radiusU * radiusU + half * half);
        float b = (float) Math.sqrt(radiusV * radiusV + half * half);
        this.peak = (radiusU / a) * (radiusV / b);
        this.invA2 = 1f / (a * a);
        this.invB2 = 1f / (b * b);
        this.sharpness = Math.min(a, b) / (2 * edge);
        this.fMax = 1f + 0.5f / sharpness;
        // Bounding radius beyond which the coverage is certainly zero: cheap rejection test.
        this.reach = Math.max(a, b) * (float) Math.sqrt(fMax);
    }

    float coverage(float u, float v) {
        return coverageOffset(u - centreU, v - centreV);
    }

    /** Coverage at an offset (du, dv) from the centre, for callers that bend the frame first. */
    float coverageOffset(float du, float dv) {
        if (du > reach || du < -reach || dv > reach || dv < -reach) {
            return 0;
        }
        float x = cos * du + sin * dv;
        float y = -sin * du + cos * dv;
        float f = x * x * invA2 + y * y * invB2;
        if (f >= fMax) {
            return 0;
        }
        return peak * Shapes.cover(f, sharpness);
    }
}
