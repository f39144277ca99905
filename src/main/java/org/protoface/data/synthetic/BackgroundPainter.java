package org.protoface.data.synthetic;

/**
 * Paints the per-photo background: a two-colour linear gradient, optional stripes and a few soft
 * clutter blobs. It never depends on the identity, so a verifier cannot use it as a shortcut,
 * and it covers much of the image, which keeps raw-pixel similarity uninformative.
 */
final class BackgroundPainter {
    private BackgroundPainter() {
    }

    static void paint(Nuisance n, int size, float[] red, float[] green, float[] blue) {
        float k = 2f / size;
        Rgb c0 = n.background0;
        Rgb c1 = n.background1;
        float edge = k; // one pixel, in normalised image units
        int clutter = n.clutterCount;
        float[] invRx = new float[clutter];
        float[] invRy = new float[clutter];
        float[] sharpness = new float[clutter];
        for (int c = 0; c < clutter; c++) {
            invRx[c] = 1f / n.clutterRadiusX(c);
            invRy[c] = 1f / n.clutterRadiusY(c);
            sharpness[c] = Math.min(n.clutterRadiusX(c), n.clutterRadiusY(c)) / (2 * edge);
        }
        for (int row = 0; row < size; row++) {
            float y = (row + 0.5f) * k - 1;
            int index = row * size;
            for (int col = 0; col < size; col++, index++) {
                float x = (col + 0.5f) * k - 1;
                float t = clamp01(0.5f + n.gradientX * x + n.gradientY * y);
                float r = c0.r() + (c1.r() - c0.r()) * t;
                float g = c0.g() + (c1.g() - c0.g()) * t;
                float b = c0.b() + (c1.b() - c0.b()) * t;
                if (n.stripeAmplitude > 0) {
                    float s = triangle(n.stripeX * x + n.stripeY * y) * n.stripeAmplitude;
                    r += s;
                    g += s;
                    b += s;
                }
                for (int c = 0; c < clutter; c++) {
                    float dx = (x - n.clutterX(c)) * invRx[c];
                    float dy = (y - n.clutterY(c)) * invRy[c];
                    float f = dx * dx + dy * dy;
                    if (f < 1.5f) {
                        float a = Shapes.cover(f, sharpness[c]);
                        Rgb cc = n.clutterColour(c);
                        r += (cc.r() - r) * a;
                        g += (cc.g() - g) * a;
                        b += (cc.b() - b) * a;
                    }
                }
                red[index] = r;
                green[index] = g;
                blue[index] = b;
            }
        }
    }

    /** A triangle wave in [-0.5, 0.5] with period 1: a stripe pattern without trigonometry. */
    static float triangle(float x) {
        float f = x - (float) Math.floor(x);
        return Math.abs(f - 0.5f) * 2 - 0.5f;
    }

    private static float clamp01(float t) {
        return t < 0 ? 0 : (t > 1 ? 1 : t);
    }
}
