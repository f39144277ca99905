package org.protoface.data.synthetic;

/**
 * Camera effects applied to the whole painted photo: a small Gaussian blur (repeated 3-tap
 * passes, cheap and separable), exposure / colour cast / contrast and sensor noise, then rounding
 * to interleaved RGB bytes. The noise generator is a xorshift seeded from the photo's nuisance, so
 * it is deterministic and allocation-free.
 */
final class ImageFinisher {
    /** Largest variance one [w, 1-2w, w] pass adds with w <= 1/3 (keeps the kernel low-pass). */
    private static final float MAX_PASS_VARIANCE = 2f / 3f;

    private ImageFinisher() {
    }

    static byte[] finish(Nuisance n, int size, float[] red, float[] green, float[] blue) {
        float sigma = n.blurSigma64 * size / 64f;
        if (sigma > 0.05f) {
            float variance = sigma * sigma;
            int passes = (int) Math.ceil(variance / MAX_PASS_VARIANCE);
            float w = variance / passes / 2f;
            float[] scratch = new float[size * size];
            for (float[] plane : new float[][] {red, green, blue}) {
                for (int p = 0; p < passes; p++) {
                    blurPass(plane, scratch, size, w);
                }
            }
        }
        return quantise(n, size, red, green, blue);
    }

    /** One separable [w, 1-2w, w] pass, horizontal then vertical; borders repeat the edge pixel. */
    private static void blurPass(float[] plane, float[] scratch, int size, float w) {
        float centre = 1f - 2f * w;
        int last = size - 1;
        for (int row = 0; row < size; row++) {
            int base = row * size;
            scratch[base] = centre * plane[base] + w * (plane[base] + plane[base + 1]);
            for (int i = base + 1; i < base + last; i++) {
                scratch[i] = centre * plane[i] + w * (plane[i - 1] + plane[i + 1]);
            }
            scratch[base + last] = centre * plane[base + last] + w * (plane[base + last - 1] + plane[base + last]);
        }
        for (int row = 0; row < size; row++) {
            int up = Math.max(row - 1, 0) * size;
            int down = Math.min(row + 1, last) * size;
            int base = row * size;
            for (int col = 0; col < size; col++) {
                plane[base + col] = centre * scratch[base + col] + w * (scratch[up + col] + scratch[down + col]);
            }
        }
    }

    private static byte[] quantise(Nuisance n, int size, float[] red, float[] green, float[] blue) {
        byte[] rgb = new byte[size * size * 3];
        // Exposure and contrast are affine per channel, so they commute with the blur (its weights
        // sum to one) and are folded in here instead of costing a separate pass.
        float c = n.contrast;
        float offset = 128f * (1f - c);
        float scaleR = c * n.gainR;
        float scaleG = c * n.gainG;
        float scaleB = c * n.gainB;
        float offsetR = offset * n.gainR;
        float offsetG = offset * n.gainG;
        float offsetB = offset * n.gainB;
        long state = n.noiseSeed | 1L; // xorshift must not start at zero
        // Triangular noise (sum of two uniforms) has variance 1/6 of its half-width squared.
        float amplitude = n.noiseSigma * (float) Math.sqrt(6.0);
        for (int i = 0, o = 0; i < red.length; i++, o += 3) {
            float nr = 0;
            float ng = 0;
            float nb = 0;
            if (amplitude > 0) {
                state = xorshift(state);
                nr = triangular(state) * amplitude;
                state = xorshift(state);
                ng = triangular(state) * amplitude;
                state = xorshift(state);
                nb = triangular(state) * amplitude;
            }
            rgb[o] = toByte(red[i] * scaleR + offsetR + nr);
            rgb[o + 1] = toByte(green[i] * scaleG + offsetG + ng);
            rgb[o + 2] = toByte(blue[i] * scaleB + offsetB + nb);
        }
        return rgb;
    }

    private static long xorshift(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }

    /** Sum of two 24-bit uniforms taken from the high and low halves of the state, minus 1: in (-1, 1). */
    private static float triangular(long state) {
        float a = (state >>> 40) * 0x1.0p-24f;
        float b = ((state >>> 8) & 0xFFFFFF) * 0x1.0p-24f;
        return a + b - 1f;
    }

    private static byte toByte(float value) {
        // Clamp first, then round half up by truncation: cheaper than Math.round and never negative.
        float v = value < 0 ? 0 : (value > 255 ? 255 : value);
        return (byte) (int) (v + 0.5f);
    }
}
