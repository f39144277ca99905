package org.protoface.lab.throughput;

import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.loader.BatchLoader;
import org.protoface.data.FaceDataset;
import org.protoface.data.loader.IdentityBatchSampler;

import org.protoface.util.Folders;
import org.protoface.data.io.DatasetPacker;
import org.protoface.data.io.FolderDataset;
import org.protoface.data.io.ImageOptions;
import org.protoface.data.io.RecordIoDataset;
import org.protoface.data.synthetic.RenderedFace;
import org.protoface.data.synthetic.SyntheticDataset;
import org.protoface.data.synthetic.SyntheticSpec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Measures how many decoded and augmented images per second the {@link BatchLoader} delivers from
 * a RecordIO pack of JPEG faces, the format of the large public training sets. The pack is built
 * from synthetic faces encoded by ImageIO at its default JPEG quality (0.75), close to the
 * quality of the public sets' 112 x 112 crops.
 */
public final class LoaderBenchmark {
    private LoaderBenchmark() {}

    /** What a packed benchmark set holds. */
    public record PackedSet(Path rec, int identities, long images, double meanJpegBytes) {}

    /** Loader throughput of one configuration. */
    public record Result(String augment, int workers, int batchSize, long images, double seconds) {
        /** Images delivered per second of wall time. */
        public double imagesPerSecond() {
            return images / seconds;
        }

        /** One table row: augment setting, workers, images/s. */
        public String line() {
            return String.format(Locale.ROOT, "%-8s %7d %12.0f", augment, workers, imagesPerSecond());
        }
    }

    /**
     * Renders {@code identities x images} synthetic faces of side {@code size}, writes them as JPEG
     * files under {@code dir/jpeg} (in parallel), packs them with {@link DatasetPacker} into
     * {@code dir/rec} and deletes the loose files.
     */
    public static PackedSet packSyntheticJpegs(Path dir, int identities, int images, int size, long seed) throws IOException {
        SyntheticDataset faces = new SyntheticDataset(new SyntheticSpec(identities, images, size, seed, 0, 1.0));
        Path jpegDir = dir.resolve("jpeg");
        long[] bytes = new long[identities];
        IntStream.range(0, identities).parallel().forEach(id -> {
            try {
                Path folder = Files.createDirectories(jpegDir.resolve(String.format(Locale.ROOT, "%06d", id)));
                for (int i = 0; i < images; i++) {
                    byte[] jpeg = jpeg(faces.render(id, i));
                    Files.write(folder.resolve(String.format(Locale.ROOT, "%04d.jpg", i)), jpeg);
                    bytes[id] += jpeg.length;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot write benchmark images under " + jpegDir, e);
            }
        });
        DatasetPacker.Result packed = DatasetPacker.pack(FolderDataset.open(jpegDir, ImageOptions.of(size)), dir.resolve("rec"));
        Folders.deleteTree(jpegDir);
        long total = 0;
        for (long b : bytes) total += b;
        return new PackedSet(packed.rec(), packed.identities(), packed.images(), total / (double) packed.images());
    }

    /**
     * Draws {@code warmupBatches} untimed then {@code batches} timed batches through a fresh
     * loader, consuming them as fast as they come: the loader's steady-state throughput.
     */
    public static Result measure(FaceDataset data, AugmentConfig augment, String augmentName, int workers, int batchSize,
                                 int imagesPerIdentity, int warmupBatches, int batches) throws InterruptedException {
        IdentityBatchSampler sampler = new IdentityBatchSampler(data.identityCount(), data::imageCount, batchSize,
                imagesPerIdentity, 1);
        try (BatchLoader loader = new BatchLoader(data, sampler, augment, 1, workers, 4)) {
            for (int i = 0; i < warmupBatches; i++) loader.next();
            long images = 0;
            long start = System.nanoTime();
            for (int i = 0; i < batches; i++) images += loader.next().batch().size();
            return new Result(augmentName, workers, batchSize, images, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Opens a packed set as a dataset producing {@code size} x {@code size} pixel images.
     *
     * @throws IOException if the set cannot be opened
     */
    public static RecordIoDataset open(PackedSet set, int size) throws IOException {
        return RecordIoDataset.open(set.rec(), ImageOptions.of(size));
    }

    private static byte[] jpeg(RenderedFace face) throws IOException {
        int s = face.size();
        int[] packed = new int[s * s];
        byte[] rgb = face.rgb();
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
        }
        BufferedImage image = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, s, s, packed, 0, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpg", out)) throw new IOException("no JPEG writer available");
        return out.toByteArray();
    }
}
