package org.protoface.data.synthetic;

/**
 * One rendered photo.
 *
 * @param size      side of the square image in pixels
 * @param rgb       interleaved RGB bytes, row-major (HWC), length 3 * size * size
 * @param landmarks five points x0, y0, ..., x4, y4 in pixel coordinates (centre of pixel (c, r) is
 *                  (c, r)): left eye, right eye (as seen in the image), nose tip, left and right
 *                  mouth corner
 */
public record RenderedFace(int size, byte[] rgb, float[] landmarks) {
    public RenderedFace {
        if (rgb.length != 3 * size * size) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes, expected 3*" + size + "*" + size);
        }
        if (landmarks.length != 10) {
            throw new IllegalArgumentException("expected 10 landmark values, got " + landmarks.length);
        }
    }

    /** Channel value 0..255 at (column, row). */
    public int value(int col, int row, int channel) {
        return rgb[(row * size + col) * 3 + channel] & 0xFF;
    }

    /** Writes the image as planar CHW floats (x/255 - 0.5)/0.5 into dst at offset. */
    public void writeNormalisedChw(float[] dst, int offset) {
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                dst[offset + c * plane + i] = ((rgb[i * 3 + c] & 0xFF) / 255f - 0.5f) / 0.5f;
            }
        }
    }
}
