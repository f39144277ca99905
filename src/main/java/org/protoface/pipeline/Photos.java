package org.protoface.pipeline;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.io.ImageDecoder;
import org.protoface.data.io.ImageOptions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the photographs commands are given: JPEG and PNG files, or folders of them (walked in
 * name order). Decoding goes through {@link ImageDecoder} (OpenCV's decoder), which checks the
 * header's dimensions before decompressing and refuses damaged files instead of returning grey pixels.
 */
public final class Photos {
    /** Photographs up to 12,000 px per side and 64 megapixels. */
    static final ImageOptions LIMITS = new ImageOptions(112, 12_000, 64_000_000L);
    private static final ImageDecoder DECODER = new ImageDecoder(LIMITS);

    private Photos() {}

    /**
     * @throws CorruptRecordException naming the file when it is not a readable image
     * @throws IOException            when the file cannot be read
     * @throws IllegalArgumentException naming a folder given where an image file is expected
     */
    public static BufferedImage read(Path file) throws IOException, CorruptRecordException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": a folder, not an image file; give JPEG or PNG files (" + NAMES + ")");
        }
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such image file");
        int[] size = new int[2];
        byte[] rgb = DECODER.decodeRgbAsStored(Files.readAllBytes(file), file.toString(), size);
        int w = size[0], h = size[1];
        int[] packed = new int[w * h];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = ((rgb[3 * i] & 0xff) << 16) | ((rgb[3 * i + 1] & 0xff) << 8) | (rgb[3 * i + 2] & 0xff);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, packed, 0, w);
        return image;
    }

    /**
     * The file names folders are walked for. They match what is decoded: {@code ImageHeader} accepts
     * JPEG and PNG only (it checks dimensions before OpenCV allocates), so BMP, which OpenCV could
     * decode, is not listed.
     */
    public static final String NAMES = ".jpg/.jpeg/.png";

    /** Whether the name ends like an image file ProtoFace reads (.jpg, .jpeg, .png). */
    public static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    /**
     * The image files named by {@code args}: files as given, folders walked recursively (image
     * names only, sorted).
     *
     * @throws NoSuchFileException naming an argument that does not exist
     */
    public static List<Path> expand(List<Path> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                try (Stream<Path> walk = Files.walk(a)) {
                    walk.filter(Files::isRegularFile).filter(Photos::isImageName).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(a)) {
                out.add(a);
            } else {
                throw new NoSuchFileException(a.toString(), null, "no such image file or folder");
            }
        }
        return out;
    }
}
