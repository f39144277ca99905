package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.TestImages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every image a face set can hold decodes to the pixels the field's reference loaders give, or is
 * refused with a clear error. The files and their expected RGB values are test resources made by
 * {@code conformance/make_conformance.py} with PIL, pypng and libjpeg-turbo, never with ProtoFace's
 * decoder: PNG expectations follow from the values written (lossless), JPEG ones are PIL's
 * {@code Image.open(f).convert("RGB")}. The allowed difference is 0 for PNG and 3 levels for JPEG
 * (two builds of libjpeg-turbo may round the inverse DCT and colour conversion differently).
 */
class ImageConformanceTest {
    private static final String DIR = "conformance/";

    record Case(String name, String file, int width, int height, int tolerance, String description) {
        @Override
        public String toString() {
            return name + " (" + description + ")";
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ImageConformanceTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + DIR + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String line : new String(resource("cases.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            cases.add(new Case(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[5]));
        }
        return cases;
    }

    @Test
    void theSetCoversColourModelsBitDepthsAndVariants() {
        List<String> names = cases().stream().map(Case::name).toList();
        assertThat(names).contains("png-rgba8", "png-greyalpha8", "png-grey16", "png-rgb16", "png-palette-trns", "png-grey1",
                "png-rgb8-interlaced", "jpeg-cmyk-adobe", "jpeg-ycck-adobe", "jpeg-progressive", "jpeg-grey", "jpeg-rgb");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesToTheReferencePixels(Case c) throws CorruptRecordException {
        byte[] expected = resource(c.name() + ".rgb");
        int[] size = new int[2];
        byte[] rgb = new ImageDecoder(ImageOptions.of(8)).decodeRgbAsStored(resource(c.file()), c.file(), size);
        assertThat(size).containsExactly(c.width(), c.height());
        assertThat(rgb).hasSameSizeAs(expected);
        int worst = 0, at = -1;
        for (int i = 0; i < rgb.length; i++) {
            int d = Math.abs((rgb[i] & 0xff) - (expected[i] & 0xff));
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertThat(worst).as("%s: largest difference %d at pixel (%d, %d) channel %d", c, worst,
                at / 3 % c.width(), at / 3 / c.width(), at % 3).isLessThanOrEqualTo(c.tolerance());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bmp", "gif", "tiff"})
    void otherFormatsAreRefusedSayingWhatTheyAre(String format) {
        byte[] image = TestImages.encode(TestImages.pattern(3, 8, 8), format);
        assertThatThrownBy(() -> new ImageDecoder(ImageOptions.of(8)).decode(image, "faces/a/1." + format, new float[192], 0))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("faces/a/1." + format)
                .hasMessageContaining(format.toUpperCase(java.util.Locale.ROOT))
                .hasMessageContaining("JPEG and PNG");
    }
}
