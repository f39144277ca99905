package org.protoface.pipeline.align;

import org.protoface.pipeline.detect.Point2;

import java.awt.image.BufferedImage;

/**
 * Resamples an image through a similarity transform with bilinear interpolation: each output
 * pixel (u, v) reads the source at T^-1(u, v), blending its four neighbours; samples outside the
 * source read black (what insightface's alignment gives with {@code cv2.warpAffine}'s constant
 * border). Pixel centres sit at integer coordinates in both images.
 *
 * <p>When the transform shrinks the image (scale s < 1, e.g. a 150 px face into a 32 px crop),
 * plain bilinear sampling would skip source pixels and alias; each output pixel then averages
 * f x f bilinear samples spread evenly over its footprint, f = ceil(1 / s) (at most 8): the same
 * as warping at f times the size and box-filtering down.
 */
public final class BilinearWarp {
    private BilinearWarp() {}

    /**
     * @param source    an RGB image
     * @param transform maps source coordinates to output coordinates
     * @param size      output side in pixels
     * @return the output as planar RGB floats in ProtoFace's standard layout,
     *         3 x size x size values (v - 127.5) / 127.5
     */
    public static float[] toStandardChw(BufferedImage source, SimilarityTransform transform, int size) {
        float[] out = new float[3 * size * size];
        sample(source, transform, size, (i, r, g, b) -> {
            out[i] = (float) ((r - 127.5) / 127.5);
            out[size * size + i] = (float) ((g - 127.5) / 127.5);
            out[2 * size * size + i] = (float) ((b - 127.5) / 127.5);
        });
        return out;
    }

    /** The same resampling as an RGB image (values rounded to 0..255), for writing aligned crops. */
    public static BufferedImage toImage(BufferedImage source, SimilarityTransform transform, int size) {
        int[] packed = new int[size * size];
        sample(source, transform, size, (i, r, g, b) ->
                packed[i] = (round(r) << 16) | (round(g) << 8) | round(b));
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, size, size, packed, 0, size);
        return img;
    }

    private static int round(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private interface PixelSink {
        void put(int index, double r, double g, double b);
    }

    private static void sample(BufferedImage source, SimilarityTransform transform, int size, PixelSink sink) {
        int w = source.getWidth(), h = source.getHeight();
        int[] rgb = source.getRGB(0, 0, w, h, null, 0, w);
        SimilarityTransform inv = transform.inverse();
        int f = supersampling(transform.scale());
        double share = 1.0 / (f * f);
        double[] acc = new double[3];
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                acc[0] = acc[1] = acc[2] = 0;
                for (int j = 0; j < f; j++) {
                    for (int i = 0; i < f; i++) {
                        // sub-sample centres of the output pixel's footprint [u - 0.5, u + 0.5]
                        Point2 p = inv.apply(new Point2(u + (i + 0.5) / f - 0.5, v + (j + 0.5) / f - 0.5));
                        bilinear(rgb, w, h, p.x(), p.y(), share, acc);
                    }
                }
                sink.put(v * size + u, acc[0], acc[1], acc[2]);
            }
        }
    }

    /** Sub-samples per axis for a transform of scale s: 1 when enlarging, ceil(1 / s) up to 8 when shrinking. */
    static int supersampling(double scale) {
        if (scale >= 1) return 1;
        return (int) Math.min(8, Math.ceil(1 / scale - 1e-9));
    }

    private static void bilinear(int[] rgb, int w, int h, double x, double y, double weight, double[] acc) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        add(rgb, w, h, x0, y0, weight * (1 - fx) * (1 - fy), acc);
        add(rgb, w, h, x0 + 1, y0, weight * fx * (1 - fy), acc);
        add(rgb, w, h, x0, y0 + 1, weight * (1 - fx) * fy, acc);
        add(rgb, w, h, x0 + 1, y0 + 1, weight * fx * fy, acc);
    }

    private static void add(int[] rgb, int w, int h, int x, int y, double weight, double[] acc) {
        if (weight == 0 || x < 0 || y < 0 || x >= w || y >= h) return;
        int p = rgb[y * w + x];
        acc[0] += weight * ((p >> 16) & 0xff);
        acc[1] += weight * ((p >> 8) & 0xff);
        acc[2] += weight * (p & 0xff);
    }
}
