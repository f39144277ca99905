package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Encoded image bytes -> normalised CHW floats, decoded as the field's reference loaders decode
 * them: OpenCV's {@code imdecode} (what insightface's MXNet and OpenCV loaders call), which for every
 * colour model agrees with PIL's {@code Image.open(f).convert("RGB")} within JPEG decoder tolerance:
 * <ul>
 * <li>JPEG: baseline and progressive, grey, YCbCr, RGB, CMYK and YCCK (Adobe); embedded ICC
 *     profiles and EXIF orientation are ignored, as PIL's {@code convert("RGB")} does.</li>
 * <li>PNG: grey, grey + alpha, RGB, RGBA, palettes (with or without transparency), 1 to 16 bits,
 *     interlaced or not. Alpha is dropped (the stored colour is kept, nothing is composited), as
 *     both references do; 16-bit samples keep their high byte, as OpenCV does.</li>
 * </ul>
 * Other formats (BMP, GIF, TIFF, WebP) are refused with a message saying so. The header is read
 * first ({@link ImageHeader}) and absurd dimensions are refused before decompression, so a crafted
 * file cannot exhaust memory. Data that does not decode (a truncated JPEG or PNG, a damaged PNG
 * chunk) is a {@link CorruptRecordException}: never a blank or grey-filled image.
 * Thread-safe.
 */
public final class ImageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    private final ImageOptions options;
    /** Whether the non-square warning was given for this decoder's dataset already. */
    private final AtomicBoolean nonSquareReported = new AtomicBoolean();

    /** @param options output size and the header limits checked before decompressing */
    public ImageDecoder(ImageOptions options) {
        this.options = options;
    }

    /** The output size and header limits this decoder applies. */
    public ImageOptions options() {
        return options;
    }

    /** Side S in pixels of the S x S images this decoder produces. */
    public int imageSize() {
        return options.imageSize();
    }

    /**
     * Decodes {@code encoded} and writes 3 x S x S values (x/255 - 0.5)/0.5 in R, G, B planes.
     * An image of another size is resized to S x S; a non-square one is stretched, which is said
     * once per decoder (one decoder per dataset) unless {@link #nonSquareReported()} was set.
     *
     * @param source names the file and record in error messages, e.g. "train.rec key 17"
     */
    public void decode(byte[] encoded, String source, float[] dst, int offset) throws CorruptRecordException {
        int side = options.imageSize();
        if (dst.length - offset < 3 * side * side) {
            throw new IllegalArgumentException("destination has " + (dst.length - offset) + " values from offset "
                    + offset + ", image needs " + 3 * side * side);
        }
        ImageHeader header = checkedHeader(encoded, source);
        if (header.width() != header.height() && nonSquareReported.compareAndSet(false, true)) {
            LOG.warn("{} is {} x {}: non-square images are stretched to {} x {} (face loaders expect aligned square crops); "
                    + "said once per dataset", source, header.width(), header.height(), side, side);
        }
        byte[] bgr = OpenCvCodec.decodeBgr(encoded, side);
        if (bgr == null) throw cannotDecode(encoded, source, header);
        writeChw(bgr, side * side, dst, offset);
    }

    /** Marks the non-square warning as given (an open-time survey of the dataset already counted them). */
    public void nonSquareReported() {
        nonSquareReported.set(true);
    }

    /**
     * Reads width and height from the image header only and applies the size limits; no pixel is
     * decoded. Returns {width, height}.
     */
    public int[] checkHeader(byte[] encoded, String source) throws CorruptRecordException {
        ImageHeader header = checkedHeader(encoded, source);
        return new int[] {header.width(), header.height()};
    }

    /**
     * Decodes at the stored size, without resizing: {@code rgb[3 * (y * w + x) + c]} is channel c
     * (R, G, B) of pixel (x, y), 0..255. Used to check decoding against reference pixel values.
     *
     * @param sizeOut receives {width, height}
     */
    public byte[] decodeRgbAsStored(byte[] encoded, String source, int[] sizeOut) throws CorruptRecordException {
        ImageHeader header = checkedHeader(encoded, source);
        byte[] bgr = OpenCvCodec.decodeBgrAsStored(encoded, sizeOut);
        if (bgr == null) throw cannotDecode(encoded, source, header);
        for (int i = 0; i < bgr.length; i += 3) {
            byte b = bgr[i];
            bgr[i] = bgr[i + 2];
            bgr[i + 2] = b;
        }
        return bgr;
    }

    private ImageHeader checkedHeader(byte[] encoded, String source) throws CorruptRecordException {
        ImageHeader header = ImageHeader.read(encoded, source);
        int width = header.width(), height = header.height();
        if (width < 1 || height < 1 || width > options.maxSide() || height > options.maxSide()
                || (long) width * height > options.maxPixels()) {
            throw new CorruptRecordException(source + ": image header claims " + width + " x " + height
                    + " pixels, over the limit of " + options.maxSide() + " per side and " + options.maxPixels()
                    + " pixels; refusing to decode");
        }
        return header;
    }

    private static CorruptRecordException cannotDecode(byte[] encoded, String source, ImageHeader header) {
        return new CorruptRecordException(source + ": cannot decode " + header.format() + " image (" + header.width() + " x "
                + header.height() + ", " + encoded.length + " bytes): truncated or damaged data, or a variant the decoder "
                + "does not support (e.g. 12-bit JPEG)");
    }

    /** Writes interleaved B, G, R bytes as R, G, B planes of (x/255 - 0.5)/0.5. */
    static void writeChw(byte[] bgr, int plane, float[] dst, int offset) {
        for (int i = 0; i < plane; i++) {
            dst[offset + i] = normalise(bgr[3 * i + 2] & 0xff);
            dst[offset + plane + i] = normalise(bgr[3 * i + 1] & 0xff);
            dst[offset + 2 * plane + i] = normalise(bgr[3 * i] & 0xff);
        }
    }

    private static float normalise(int v) {
        return (v / 255f - 0.5f) / 0.5f;
    }
}
