package org.protoface.data;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small synthetic images for tests, with pixel values the tests can recompute independently. */
public final class TestImages {
    private TestImages() {}

    /** Pixel (x, y) of pattern {@code seed}: distinct, deterministic R, G, B values. */
    public static int rgb(int seed, int x, int y) {
        int r = (seed * 37 + x * 11 + y * 3) & 0xff;
        int g = (seed * 91 + x * 5 + y * 17) & 0xff;
        int b = (seed * 13 + x * 23 + y * 7) & 0xff;
        return r << 16 | g << 8 | b;
    }

    public static BufferedImage pattern(int seed, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, rgb(seed, x, y));
        return img;
    }

    public static byte[] png(int seed, int size) {
        return encode(pattern(seed, size, size), "png");
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG at the highest quality, so decoded values stay within a few levels of the source. */
    public static byte[] jpeg(BufferedImage img) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(1.0f);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage uniform(int rgb, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.setRGB(x, y, rgb);
        return img;
    }

    /** (v/255 - 0.5)/0.5 computed in double, independently of the decoder. */
    public static double normalised(int v) {
        return (v / 255.0 - 0.5) / 0.5;
    }
}
