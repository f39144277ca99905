package org.protoface.pipeline.detect.cascade;

import java.awt.image.BufferedImage;

/** Grey levels of an RGB image as the cascades expect them. */
final class GreyImage {
    private GreyImage() {}

    /**
     * @return width x height bytes, row-major, Y = 0.299 R + 0.587 G + 0.114 B rounded (the
     *         weights of OpenCV's {@code COLOR_RGB2GRAY})
     */
    static byte[] luma(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[w * h];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int y = (299 * ((p >> 16) & 0xff) + 587 * ((p >> 8) & 0xff) + 114 * (p & 0xff) + 500) / 1000;
            out[i] = (byte) y;
        }
        return out;
    }
}
