package org.protoface.data.synthetic;

/**
 * The geometric transform from the face frame to pixel coordinates of one photo: horizontal yaw
 * squeeze, then scale, rotation and shift. Pixel coordinates follow the usual image convention:
 * the centre of pixel (column c, row r) is at (c, r), so the image spans [-0.5, size - 0.5].
 *
 * <p>The renderer walks pixels and needs the inverse, which is affine: u = uCol*c + uRow*r + u0.
 */
final class FacePose {
    /** Face scale at nuisance scale 1: leaves room for hair above and shoulders below. */
    static final float BASE_SCALE = 0.9f;
    /** Face centre sits slightly below the image centre so the hair fits. */
    static final float BASE_SHIFT_Y = 0.06f;

    final int size;
    final float cos;
    final float sin;
    final float scale;
    final float squeeze;
    final float shiftX;
    final float shiftY;

    final float uCol;
    final float uRow;
    final float u0;
    final float vCol;
    final float vRow;
    final float v0;

    FacePose(int size, Nuisance nuisance) {
        this.size = size;
        this.cos = (float) StrictMath.cos(nuisance.rotation);
        this.sin = (float) StrictMath.sin(nuisance.rotation);
        this.scale = BASE_SCALE * nuisance.scale;
        this.squeeze = nuisance.squeeze();
        this.shiftX = nuisance.shiftX;
        this.shiftY = nuisance.shiftY + BASE_SHIFT_Y;
        // Normalised image coordinate of pixel c: X = c*k + (k/2 - 1), k = 2/size.
        float k = 2f / size;
        float x0 = k / 2 - 1 - shiftX;
        float y0 = k / 2 - 1 - shiftY;
        float su = scale * squeeze;
        uCol = cos * k / su;
        uRow = sin * k / su;
        u0 = (cos * x0 + sin * y0) / su;
        vCol = -sin * k / scale;
        vRow = cos * k / scale;
        v0 = (-sin * x0 + cos * y0) / scale;
    }

    float pixelX(float u, float v) {
        float x = shiftX + scale * (cos * squeeze * u - sin * v);
        return (x + 1) * size / 2 - 0.5f;
    }

    float pixelY(float u, float v) {
        float y = shiftY + scale * (sin * squeeze * u + cos * v);
        return (y + 1) * size / 2 - 0.5f;
    }

    /**
     * Length of one pixel in face units along v; along u it is longer by 1/squeeze, a difference
     * the anti-aliasing ignores (edges are then slightly crisper horizontally on turned heads).
     */
    float pixelInFaceUnits() {
        return 2f / (size * scale);
    }

    /** Maps face-frame points (u0, v0, u1, v1, ...) to pixel coordinates. */
    float[] toPixels(float[] facePoints) {
        float[] out = new float[facePoints.length];
        for (int i = 0; i < facePoints.length; i += 2) {
            out[i] = pixelX(facePoints[i], facePoints[i + 1]);
            out[i + 1] = pixelY(facePoints[i], facePoints[i + 1]);
        }
        return out;
    }
}
