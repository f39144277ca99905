package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Encoded image bytes (JPEG, PNG) -> normalised CHW floats. The header is read first and absurd
 * dimensions are refused before decompression, so a crafted file cannot exhaust memory. Anything
 * that does not decode cleanly (including decoder warnings such as a truncated JPEG, which ImageIO
 * would otherwise fill with grey) is a {@link CorruptRecordException}: never a blank image.
 * Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {
    static {
        // decode from memory only: ImageIO's default disk cache would create temp files per image
        ImageIO.setUseCache(false);
    }

    private final ImageOptions options;

    public ImageDecoder(ImageOptions options) {
        this.options = options;
    }

    public ImageOptions options() {
        return options;
    }

    public int imageSize() {
        return options.imageSize();
    }

    /**
     * Decodes {@code encoded} and writes 3 x S x S values (x/255 - 0.5)/0.5 in R, G, B planes.
     *
     * @param source names the file and record in error messages, e.g. "train.rec key 17"
     */
    public void decode(byte[] encoded, String source, float[] dst, int offset) throws CorruptRecordException {
        BufferedImage rgb = decodeRgb(encoded, source);
        if (rgb.getWidth() != options.imageSize() || rgb.getHeight() != options.imageSize()) {
            rgb = ImageResizer.resize(rgb, options.imageSize(), options.imageSize());
        }
        writeChw(rgb, dst, offset);
    }

    /**
     * Reads width and height from the image header only and applies the size limits; no pixel is
     * decoded. Returns {width, height}.
     */
    public int[] checkHeader(byte[] encoded, String source) throws CorruptRecordException {
        if (encoded == null || encoded.length == 0) throw new CorruptRecordException(source + ": empty image data");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = readerFor(in, encoded, source);
            try {
                reader.setInput(in, true, true);
                int[] size = {reader.getWidth(0), reader.getHeight(0)};
                checkDimensions(size[0], size[1], source);
                return size;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException(source + ": cannot read image header (" + encoded.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static ImageReader readerFor(ImageInputStream in, byte[] encoded, String source) throws CorruptRecordException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new CorruptRecordException(source + ": not a recognised image format (" + encoded.length
                    + " bytes, starting " + hexPrefix(encoded) + ")");
        }
        return readers.next();
    }

    /** Decodes to an RGB image at its stored size (no resizing). */
    public BufferedImage decodeRgb(byte[] encoded, String source) throws CorruptRecordException {
        if (encoded == null || encoded.length == 0) throw new CorruptRecordException(source + ": empty image data");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
            ImageReader reader = readerFor(in, encoded, source);
            try {
                reader.setInput(in, true, true);
                checkDimensions(reader.getWidth(0), reader.getHeight(0), source);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(collect(warnings));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new CorruptRecordException(source + ": damaged " + reader.getFormatName() + " image: " + warnings.get(0));
                }
                return toRgb(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException(source + ": cannot decode image (" + encoded.length + " bytes): " + e.getMessage(), e);
        }
    }

    private void checkDimensions(int width, int height, String source) throws CorruptRecordException {
        if (width < 1 || height < 1 || width > options.maxSide() || height > options.maxSide()
                || (long) width * height > options.maxPixels()) {
            throw new CorruptRecordException(source + ": image header claims " + width + " x " + height
                    + " pixels, over the limit of " + options.maxSide() + " per side and " + options.maxPixels()
                    + " pixels; refusing to decode");
        }
    }

    private static IIOReadWarningListener collect(List<String> warnings) {
        return (reader, warning) -> warnings.add(warning);
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) return image;
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);   // flattens alpha onto black, expands grey/palette
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /** Writes the R, G, B planes of {@code rgb} as (x/255 - 0.5)/0.5. */
    static void writeChw(BufferedImage rgb, float[] dst, int offset) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int plane = w * h;
        if (dst.length - offset < 3 * plane) {
            throw new IllegalArgumentException("destination has " + (dst.length - offset) + " values from offset "
                    + offset + ", image needs " + 3 * plane);
        }
        int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < plane; i++) {
            int p = pixels[i];
            dst[offset + i] = normalise((p >> 16) & 0xff);
            dst[offset + plane + i] = normalise((p >> 8) & 0xff);
            dst[offset + 2 * plane + i] = normalise(p & 0xff);
        }
    }

    private static float normalise(int v) {
        return (v / 255f - 0.5f) / 0.5f;
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) s.append(String.format("%02x", b[i] & 0xff));
        return s.toString();
    }
}
