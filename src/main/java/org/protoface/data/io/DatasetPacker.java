package org.protoface.data.io;

import org.protoface.util.AtomicFiles;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.recordio.IRHeader;
import org.protoface.data.recordio.RecordIoWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Packs loose image files into an InsightFace-layout RecordIO set: train.rec, train.idx and
 * property in {@code outDir}. Record 0 holds [a, b]; keys 1..a-1 are the images, identity by
 * identity, each with its identity id (0..N-1) as label; keys a..b-1 hold each identity's
 * [start, end) key range. Image bytes are stored exactly as read (no re-encoding); each image's
 * header is checked first so garbage is refused before it lands in a large pack.
 */
public final class DatasetPacker {
    /** Keys and ranges are stored as float32, which holds every integer only up to 2^24. */
    static final long MAX_KEY = 1L << 24;

    private DatasetPacker() {}

    /**
     * What was written.
     *
     * @param width, height the stored images' size written into {@code property}: the size most
     *                      images have (all of them unless {@code otherSizes} > 0)
     * @param otherSizes    images of another size than {@code width} x {@code height}
     */
    public record Result(int identities, long images, long recBytes, long splitRecords, Path rec, Path idx, Path property,
                         int width, int height, long otherSizes) {}

    /**
     * Packs {@code source} into {@code outDir} without an image-size requirement; see
     * {@link #pack(ImageFileDataset, Path, int)}.
     *
     * @throws IOException if an image cannot be read or an output file cannot be written
     */
    public static Result pack(ImageFileDataset source, Path outDir) throws IOException {
        return pack(source, outDir, 0);
    }

    /**
     * Packs {@code source} into {@code outDir}. {@code property} gets the size the stored images
     * have, read from their headers (InsightFace's loaders read it as the images' size).
     *
     * @param requiredSide when positive, every image must be requiredSide x requiredSide; the first
     *                     that is not is an error naming its file
     */
    public static Result pack(ImageFileDataset source, Path outDir, int requiredSide) throws IOException {
        int n = source.identityCount();
        long images = source.totalImages();
        long a = images + 1;
        long b = a + n;
        if (b > MAX_KEY) {
            throw new MalformedDataException("cannot pack " + images + " images of " + n + " identities from " + source.describe()
                    + ": record keys beyond 2^24 cannot be stored exactly in float32 labels");
        }
        Files.createDirectories(outDir);
        Path rec = outDir.resolve("train.rec");
        Path idx = outDir.resolve("train.idx");
        Path property = outDir.resolve("property");
        ImageDecoder checker = new ImageDecoder(ImageOptions.of(source.imageSize()));
        long recBytes;
        long splits;
        java.util.Map<Long, Long> sizes = new java.util.HashMap<>();   // (width << 32 | height) -> images
        try (RecordIoWriter writer = new RecordIoWriter(rec, idx)) {
            writer.write(0, IRHeader.array(new float[] {a, b}, 0).encodeWith(new byte[0]));
            long key = 1;
            long[] start = new long[n];
            for (int identity = 0; identity < n; identity++) {
                start[identity] = key;
                for (int i = 0; i < source.imageCount(identity); i++) {
                    Path file = source.imagePath(identity, i);
                    byte[] bytes = Files.readAllBytes(file);
                    int[] size;
                    try {
                        size = checker.checkHeader(bytes, file.toString());
                    } catch (CorruptRecordException e) {
                        throw new MalformedDataException("refusing to pack: " + e.getMessage(), e);
                    }
                    if (requiredSide > 0 && (size[0] != requiredSide || size[1] != requiredSide)) {
                        throw new MalformedDataException("refusing to pack: " + file + " is " + size[0] + " x " + size[1]
                                + " pixels, not the " + requiredSide + " x " + requiredSide + " asked for with --image-size");
                    }
                    sizes.merge(((long) size[0] << 32) | size[1], 1L, Long::sum);
                    writer.write(key, IRHeader.scalar(identity, key).encodeWith(bytes));
                    key++;
                }
            }
            for (int identity = 0; identity < n; identity++) {
                long end = identity + 1 < n ? start[identity + 1] : a;
                writer.write(a + identity, IRHeader.array(new float[] {start[identity], end}, a + identity).encodeWith(new byte[0]));
            }
            recBytes = writer.position();
            splits = writer.splitCount();
            writer.commit();
        }
        long common = sizes.entrySet().stream().max(java.util.Map.Entry.<Long, Long>comparingByValue()
                .thenComparing(java.util.Map.Entry.comparingByKey())).orElseThrow().getKey();
        int width = (int) (common >>> 32);
        int height = (int) common;
        long others = images - sizes.get(common);
        // InsightFace's property is "num_classes,height,width"
        writeAtomically(property, n + "," + height + "," + width + "\n");
        return new Result(n, images, recBytes, splits, rec, idx, property, width, height, others);
    }

    static void writeAtomically(Path target, String text) throws IOException {
        AtomicFiles.writeBytes(target, text.getBytes(StandardCharsets.US_ASCII));
    }
}
