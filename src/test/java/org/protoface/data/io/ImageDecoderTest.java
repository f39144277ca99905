package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.TestImages;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageDecoderTest {
    private final ImageDecoder decoder8 = new ImageDecoder(ImageOptions.of(8));

    @Test
    void pngIsWrittenAsNormalisedChwPlanes() throws CorruptRecordException {
        float[] dst = new float[5 + 3 * 64];
        Arrays.fill(dst, Float.NaN);
        decoder8.decode(TestImages.png(4, 8), "test.png", dst, 5);
        assertThat(dst[4]).isNaN();   // nothing written before the offset
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int p = TestImages.rgb(4, x, y);
                int i = 5 + y * 8 + x;
                assertThat((double) dst[i]).isCloseTo(TestImages.normalised(p >> 16 & 0xff), within(1e-6));
                assertThat((double) dst[i + 64]).isCloseTo(TestImages.normalised(p >> 8 & 0xff), within(1e-6));
                assertThat((double) dst[i + 128]).isCloseTo(TestImages.normalised(p & 0xff), within(1e-6));
            }
        }
    }

    @Test
    void jpegAndGreyImagesAreDecodedToRgbAndResized() throws CorruptRecordException {
        int colour = 200 << 16 | 40 << 8 | 120;
        float[] dst = new float[3 * 64];
        decoder8.decode(TestImages.jpeg(TestImages.uniform(colour, 32)), "u.jpg", dst, 0);
        int[] channel = {200, 40, 120};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 64; i++) {
                // JPEG at quality 1.0 of a flat colour: within a few grey levels of the source
                assertThat((double) dst[c * 64 + i]).isCloseTo(TestImages.normalised(channel[c]), within(6 / 127.5));
            }
        }
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 3, 0, 77);
        decoder8.decode(TestImages.encode(grey, "png"), "g.png", dst, 0);
        for (int i = 0; i < 64; i++) {
            assertThat(dst[i]).isEqualTo(dst[i + 64]).isEqualTo(dst[i + 128]);
            assertThat((double) dst[i]).isGreaterThanOrEqualTo(-1.0).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void oversizedHeaderIsRejectedBeforeDecoding() throws CorruptRecordException {
        byte[] png = pngHeaderOnly(100_000, 100_000);
        assertThatThrownBy(() -> decoder8.decode(png, "bomb.rec key 3", new float[3 * 64], 0))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("bomb.rec key 3")
                .hasMessageContaining("100000 x 100000")
                .hasMessageContaining("refusing to decode");
        assertThatThrownBy(() -> decoder8.checkHeader(png, "bomb")).hasMessageContaining("100000 x 100000");
        // a header inside the limits passes the header check (the pixels are never read)
        ImageDecoder wide = new ImageDecoder(new ImageOptions(8, 200_000, 20_000_000_000L));
        assertThat(wide.checkHeader(pngHeaderOnly(100_000, 10), "bomb")).containsExactly(100_000, 10);
    }

    @Test
    void undecodableDataIsACorruptRecordNamingTheSource() {
        byte[] garbage = "definitely not an image".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> decoder8.decode(garbage, "train.rec key 12", new float[192], 0))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("train.rec key 12");
        assertThatThrownBy(() -> decoder8.decode(new byte[0], "k", new float[192], 0))
                .isInstanceOf(CorruptRecordException.class);
        byte[] png = TestImages.png(1, 8);
        assertThatThrownBy(() -> decoder8.decode(Arrays.copyOf(png, png.length / 2), "half.png", new float[192], 0))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("half.png");
    }

    @Test
    void truncatedJpegIsNotReturnedAsAGreyFilledImage() {
        byte[] jpeg = TestImages.jpeg(TestImages.pattern(9, 64, 64));
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
        assertThatThrownBy(() -> decoder8.decode(cut, "cut.jpg", new float[192], 0))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("cut.jpg");
    }

    @Test
    void decodingLeavesNoNativeObjectBehind() throws CorruptRecordException {
        // every OpenCV object of a decode is freed before it returns (a leak of one Mat per image
        // would grow without bound over a training run)
        byte[] jpeg = TestImages.jpeg(TestImages.pattern(3, 48, 40));
        float[] dst = new float[3 * 64];
        decoder8.decode(jpeg, "warm-up", dst, 0);
        long before = org.bytedeco.javacpp.Pointer.totalCount();
        for (int i = 0; i < 200; i++) decoder8.decode(jpeg, "x.jpg", dst, 0);
        assertThat(org.bytedeco.javacpp.Pointer.totalCount()).isEqualTo(before);
    }

    /** PNG signature + IHDR (8-bit RGB) + IEND, no pixel data, CRCs computed per the PNG spec. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
