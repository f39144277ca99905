package org.protoface.data;

/** In-place operations on CHW float images stored in a larger array. */
public final class ImageOps {
    private ImageOps() {}

    /** Mirrors the 3 x s x s image at {@code offset} left to right. */
    public static void flipHorizontal(float[] a, int offset, int s) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s; y++) {
                int row = offset + (c * s + y) * s;
                for (int x = 0, z = s - 1; x < z; x++, z--) {
                    float t = a[row + x];
                    a[row + x] = a[row + z];
                    a[row + z] = t;
                }
            }
        }
    }
}
