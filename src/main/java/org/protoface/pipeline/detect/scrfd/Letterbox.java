package org.protoface.pipeline.detect.scrfd;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The detector's input as insightface prepares it: the photograph scaled (bilinear) to fit the
 * network input with its aspect ratio kept, placed at the top left, the rest black; then each
 * channel normalised as (v - mean) / std, planes in RGB (or BGR) order.
 *
 * @param chw    1 x 3 x height x width values
 * @param width  network input width
 * @param height network input height
 * @param scale  network pixels per image pixel (the resized height over the image height);
 *               detections are divided by it
 */
record Letterbox(float[] chw, int width, int height, double scale) {
    /**
     * @throws IllegalArgumentException for an empty image
     */
    static Letterbox of(BufferedImage image, int width, int height, double mean, double std, boolean bgr) {
        int iw = image.getWidth(), ih = image.getHeight();
        if (iw < 1 || ih < 1) throw new IllegalArgumentException("cannot detect faces in an empty image");
        double imageRatio = (double) ih / iw, modelRatio = (double) height / width;
        int newW, newH;
        if (imageRatio > modelRatio) {
            newH = height;
            newW = Math.max(1, (int) (newH / imageRatio));
        } else {
            newW = width;
            newH = Math.max(1, (int) (newW * imageRatio));
        }
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);   // starts black
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, newW, newH, null);
        } finally {
            g.dispose();
        }
        int plane = width * height;
        float[] chw = new float[3 * plane];
        int[] argb = canvas.getRGB(0, 0, width, height, null, 0, width);
        int r = bgr ? 2 : 0, b = bgr ? 0 : 2;
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[r * plane + i] = (float) ((((p >> 16) & 0xff) - mean) / std);
            chw[plane + i] = (float) ((((p >> 8) & 0xff) - mean) / std);
            chw[b * plane + i] = (float) (((p & 0xff) - mean) / std);
        }
        return new Letterbox(chw, width, height, (double) newH / ih);
    }
}
