package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;

/**
 * Format and size of an encoded image, read from its first bytes without decoding any pixel, so
 * that absurd dimensions are refused before a decoder allocates memory for them (a 100-byte file
 * can claim 100,000 x 100,000 pixels). Only the formats ProtoFace decodes are recognised: PNG
 * (width and height from the IHDR chunk, which the PNG specification puts first) and JPEG (from the
 * first start-of-frame marker, ITU-T T.81 B.2.2, found by walking the marker segments from SOI).
 *
 * @param format "JPEG" or "PNG"
 * @param width  pixels
 * @param height pixels
 */
public record ImageHeader(String format, int width, int height) {
    /**
     * Reads the header of {@code encoded}.
     *
     * @param source names the file and record in error messages
     * @throws CorruptRecordException when the bytes are neither JPEG nor PNG, or their header is cut
     *                                off or malformed; the message says what the bytes start with
     */
    public static ImageHeader read(byte[] encoded, String source) throws CorruptRecordException {
        if (encoded == null || encoded.length == 0) throw new CorruptRecordException(source + ": empty image data");
        if (isPng(encoded)) return png(encoded, source);
        if (encoded.length >= 3 && u8(encoded, 0) == 0xff && u8(encoded, 1) == 0xd8 && u8(encoded, 2) == 0xff) {
            return jpeg(encoded, source);
        }
        throw new CorruptRecordException(source + ": " + unsupported(encoded) + " (" + encoded.length + " bytes, starting "
                + hexPrefix(encoded) + "); ProtoFace reads JPEG and PNG images: convert the set to one of them");
    }

    private static boolean isPng(byte[] b) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (b.length < signature.length) return false;
        for (int i = 0; i < signature.length; i++) if (b[i] != signature[i]) return false;
        return true;
    }

    private static ImageHeader png(byte[] b, String source) throws CorruptRecordException {
        // signature (8), chunk length (4), "IHDR" (4), width (4), height (4)
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new CorruptRecordException(source + ": PNG without an IHDR chunk where the format puts it (" + b.length + " bytes)");
        }
        long width = u32(b, 16);
        long height = u32(b, 20);
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new CorruptRecordException(source + ": PNG header claims " + width + " x " + height + " pixels");
        }
        return new ImageHeader("PNG", (int) width, (int) height);
    }

    private static ImageHeader jpeg(byte[] b, String source) throws CorruptRecordException {
        int pos = 2;
        while (pos + 4 <= b.length) {
            if (u8(b, pos) != 0xff) {
                throw new CorruptRecordException(source + ": damaged JPEG: expected a marker at byte " + pos + " before the frame header");
            }
            int marker = u8(b, pos + 1);
            if (marker == 0xff) {            // fill byte before a marker
                pos++;
                continue;
            }
            if (marker == 0xd8 || marker >= 0xd0 && marker <= 0xd7 || marker == 0x01) {   // no length field
                pos += 2;
                continue;
            }
            if (marker == 0xd9 || marker == 0xda) {
                throw new CorruptRecordException(source + ": damaged JPEG: " + (marker == 0xda ? "scan" : "end of image")
                        + " before any frame header");
            }
            int length = u16(b, pos + 2);
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                if (pos + 9 > b.length || length < 8) break;
                int height = u16(b, pos + 5);
                int width = u16(b, pos + 7);
                return new ImageHeader("JPEG", width, height);
            }
            if (length < 2) throw new CorruptRecordException(source + ": damaged JPEG: segment length " + length + " at byte " + pos);
            pos += 2 + length;
        }
        throw new CorruptRecordException(source + ": truncated JPEG: no frame header in its " + b.length + " bytes");
    }

    /** A name for the formats people sometimes put in face sets, for the refusal message. */
    private static String unsupported(byte[] b) {
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') return "a BMP image";
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') return "a GIF image";
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') return "a WebP image";
        if (b.length >= 4 && (b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0 || b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42)) {
            return "a TIFF image";
        }
        return "not a recognised image format";
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    private static int u16(byte[] b, int i) {
        return u8(b, i) << 8 | u8(b, i + 1);
    }

    private static long u32(byte[] b, int i) {
        return (long) u16(b, i) << 16 | u16(b, i + 2);
    }

    static String hexPrefix(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) s.append(String.format("%02x", b[i] & 0xff));
        return s.toString();
    }
}
