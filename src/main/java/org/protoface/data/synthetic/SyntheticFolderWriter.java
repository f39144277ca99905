package org.protoface.data.synthetic;

import org.protoface.util.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Writes a synthetic dataset as a folder-per-identity image tree, for tools that read folders:
 * {@code DIR/<label>/<sample>.png} (label and sample zero-padded so that name order equals number
 * order) plus {@code DIR/landmarks.tsv} with one line per image,
 * {@code label/sample.png<TAB>label<TAB>x0<TAB>y0 ... x4<TAB>y4}, in label then sample order.
 * Every file is written to a temporary file in its own directory and moved into place
 * atomically, so readers never see half-written files. Identities are rendered in parallel.
 */
public final class SyntheticFolderWriter {
    public static final String LANDMARKS_FILE = "landmarks.tsv";
    /** Identities rendered per parallel batch; their TSV lines are then appended in order. */
    private static final int BATCH = 64;

    private final SyntheticDataset dataset;
    private final int threads;

    /** Summary of a finished write. */
    public record Summary(Path directory, int identities, long images, long bytes, double seconds) {
        /** Images written per second of wall time; 0 when no time was measured. */
        public double imagesPerSecond() {
            return seconds > 0 ? images / seconds : 0;
        }
    }

    /**
     * @param spec    the dataset to render
     * @param threads rendering threads, at least 1
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public SyntheticFolderWriter(SyntheticSpec spec, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.dataset = new SyntheticDataset(spec);
        this.threads = threads;
    }

    /** Writes the whole dataset into {@code dir}, which must be absent or empty. */
    public Summary write(Path dir) throws IOException {
        long start = System.nanoTime();
        prepareDirectory(dir);
        int identities = dataset.identityCount();
        int perIdentity = dataset.spec().images();
        int labelDigits = digits(identities - 1);
        int sampleDigits = digits(perIdentity - 1);
        long bytes = 0;
        Path landmarksTemp = AtomicFiles.temporarySibling(dir.resolve(LANDMARKS_FILE));
        ForkJoinPool pool = new ForkJoinPool(threads);
        try (Writer tsv = Files.newBufferedWriter(landmarksTemp, StandardCharsets.UTF_8)) {
            for (int first = 0; first < identities; first += BATCH) {
                int end = Math.min(identities, first + BATCH);
                IdentityOutput[] outputs = renderBatch(pool, dir, first, end, labelDigits, sampleDigits);
                for (IdentityOutput output : outputs) {
                    tsv.write(output.tsvLines);
                    bytes += output.bytes;
                }
            }
        } finally {
            pool.shutdown();
        }
        Files.move(landmarksTemp, dir.resolve(LANDMARKS_FILE), StandardCopyOption.ATOMIC_MOVE);
        bytes += Files.size(dir.resolve(LANDMARKS_FILE));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Summary(dir, identities, (long) identities * perIdentity, bytes, seconds);
    }

    private record IdentityOutput(String tsvLines, long bytes) {
    }

    private IdentityOutput[] renderBatch(ForkJoinPool pool, Path dir, int first, int end, int labelDigits,
            int sampleDigits) throws IOException {
        try {
            return pool.submit(() -> IntStream.range(first, end).parallel()
                    .mapToObj(label -> writeIdentity(dir, label, labelDigits, sampleDigits))
                    .toArray(IdentityOutput[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing synthetic dataset to " + dir, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            throw new IOException("failed writing synthetic dataset to " + dir + ": " + cause, cause);
        }
    }

    private IdentityOutput writeIdentity(Path dir, int label, int labelDigits, int sampleDigits) {
        String folder = pad(label, labelDigits);
        Path identityDir = dir.resolve(folder);
        StringBuilder lines = new StringBuilder();
        long bytes = 0;
        try {
            Files.createDirectories(identityDir);
            for (int sample = 0; sample < dataset.spec().images(); sample++) {
                String name = pad(sample, sampleDigits) + ".png";
                RenderedFace face = dataset.render(label, sample);
                Path target = identityDir.resolve(name);
                writePngAtomically(face, target);
                bytes += Files.size(target);
                lines.append(folder).append('/').append(name).append('\t').append(label);
                for (float value : face.landmarks()) {
                    lines.append('\t').append(String.format(Locale.ROOT, "%.3f", value));
                }
                lines.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write identity " + label + " into " + identityDir
                    + ": " + e.getMessage(), e));
        }
        return new IdentityOutput(lines.toString(), bytes);
    }

    /** Encodes the face as PNG into a temp file next to {@code target}, then renames it over. */
    static void writePngAtomically(RenderedFace face, Path target) throws IOException {
        int size = face.size();
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[] packed = new int[size * size];
        byte[] rgb = face.rgb();
        for (int i = 0; i < packed.length; i++) {
            packed[i] = ((rgb[3 * i] & 0xFF) << 16) | ((rgb[3 * i + 1] & 0xFF) << 8) | (rgb[3 * i + 2] & 0xFF);
        }
        image.setRGB(0, 0, size, size, packed, 0, size);
        AtomicFiles.write(target, temp -> {
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new IOException("no PNG writer available for " + target);
            }
        });
    }

    private static void prepareDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("output path " + dir + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("output directory " + dir
                            + " is not empty; refusing to mix a new synthetic dataset into it");
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static int digits(int maxValue) {
        return Integer.toString(Math.max(0, maxValue)).length();
    }

    private static String pad(int value, int digits) {
        String text = Integer.toString(value);
        return "0".repeat(Math.max(0, digits - text.length())) + text;
    }
}
