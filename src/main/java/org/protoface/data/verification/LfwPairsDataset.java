package org.protoface.data.verification;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.io.ImageDecoder;
import org.protoface.data.io.ImageOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LFW in its own layout: pairs.txt and images at DIR/name/name_%04d.jpg. pairs.txt starts with
 * "folds pairsPerClass" (10 300 for View 2) or a single count (the dev-set files); then come, per
 * fold, pairsPerClass same lines "name i j" followed by pairsPerClass different lines
 * "name1 i name2 j" (fields separated by tabs or spaces). Every image is checked to exist when
 * the set is opened. The images are the original 250 x 250 crops, resized but not aligned here.
 */
public final class LfwPairsDataset implements VerificationPairs {
    private final Path pairsFile;
    private final int folds;
    private final List<Path> first;
    private final List<Path> second;
    private final boolean[] same;
    private final ImageDecoder decoder;

    private LfwPairsDataset(Path pairsFile, int folds, List<Path> first, List<Path> second, boolean[] same,
                            ImageDecoder decoder) {
        this.pairsFile = pairsFile;
        this.folds = folds;
        this.first = List.copyOf(first);
        this.second = List.copyOf(second);
        this.same = same;
        this.decoder = decoder;
    }

    /** {@code dir/pairs.txt} with images under {@code dir}. */
    public static LfwPairsDataset open(Path dir, ImageOptions options) throws IOException {
        return open(dir.resolve("pairs.txt"), dir, options);
    }

    /**
     * Opens an LFW {@code pairs.txt} (header "folds perClass" or a single count, then same- and different-identity
     * lines) whose images are under {@code imageDir}.
     *
     * @throws MalformedDataException if the pairs file is missing, empty or malformed, or names a missing image
     * @throws IOException            if a file cannot be read
     */
    public static LfwPairsDataset open(Path pairsFile, Path imageDir, ImageOptions options) throws IOException {
        if (!Files.isRegularFile(pairsFile)) throw new MalformedDataException("LFW pairs file " + pairsFile + " does not exist");
        List<String> lines = org.protoface.data.TextLines.read(pairsFile);
        int lineNo = 0;
        while (lineNo < lines.size() && lines.get(lineNo).isBlank()) lineNo++;
        if (lineNo == lines.size()) throw new MalformedDataException(pairsFile + " is empty");
        String[] header = fields(lines.get(lineNo));
        int folds;
        int perClass;
        try {
            folds = header.length == 2 ? Integer.parseInt(header[0]) : 1;
            perClass = Integer.parseInt(header[header.length - 1]);
        } catch (NumberFormatException e) {
            throw bad(pairsFile, lineNo + 1, "expected header 'folds<TAB>pairs' or 'pairs'", lines.get(lineNo));
        }
        if (header.length > 2 || folds < 1 || perClass < 1) {
            throw bad(pairsFile, lineNo + 1, "expected header 'folds<TAB>pairs' or 'pairs'", lines.get(lineNo));
        }
        List<Path> first = new ArrayList<>();
        List<Path> second = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        for (int i = lineNo + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] f = fields(line);
            // position within the fold decides which kind of line is expected
            boolean expectSame = same.size() % (2 * perClass) < perClass;
            if (expectSame && f.length != 3 || !expectSame && f.length != 4) {
                throw bad(pairsFile, i + 1, expectSame ? "expected a same pair 'name i j'" : "expected a different pair 'name1 i name2 j'", line);
            }
            String nameA = f[0];
            String nameB = expectSame ? f[0] : f[2];
            int idxA = index(f[1], pairsFile, i + 1, line);
            int idxB = index(f[expectSame ? 2 : 3], pairsFile, i + 1, line);
            first.add(image(imageDir, nameA, idxA, pairsFile, i + 1));
            second.add(image(imageDir, nameB, idxB, pairsFile, i + 1));
            same.add(expectSame);
        }
        long expected = 2L * folds * perClass;
        if (same.size() != expected) {
            throw new MalformedDataException(pairsFile + ": header promises " + expected + " pairs (" + folds + " folds x 2 x "
                    + perClass + "), found " + same.size());
        }
        boolean[] flags = new boolean[same.size()];
        for (int i = 0; i < flags.length; i++) flags[i] = same.get(i);
        return new LfwPairsDataset(pairsFile, folds, first, second, flags, new ImageDecoder(options));
    }

    private static String[] fields(String line) {
        return line.trim().split("\\s+");
    }

    private static int index(String s, Path file, int lineNo, String line) throws MalformedDataException {
        try {
            int v = Integer.parseInt(s);
            if (v >= 1) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(file, lineNo, "image numbers must be positive integers", line);
    }

    private static Path image(Path dir, String name, int index, Path file, int lineNo) throws MalformedDataException {
        Path p = dir.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, index));
        if (!Files.isRegularFile(p)) throw new MalformedDataException(file + " line " + lineNo + ": image " + p + " does not exist");
        return p;
    }

    private static MalformedDataException bad(Path file, int lineNo, String what, String line) {
        return new MalformedDataException(file + " line " + lineNo + ": " + what + ", got '" + line + "'");
    }

    /** Number of folds the header declares (10 for View 2). */
    public int foldCount() {
        return folds;
    }

    /** Path of image {@code side} (0 or 1) of pair {@code pair}. */
    public Path imagePath(int pair, int side) {
        return side == 0 ? first.get(pair) : second.get(pair);
    }

    @Override
    public String name() {
        return "lfw";
    }

    @Override
    public int pairCount() {
        return same.length;
    }

    @Override
    public boolean isSame(int pair) {
        return same[pair];
    }

    @Override
    public int imageSize() {
        return decoder.imageSize();
    }

    @Override
    public void load(int pair, int side, float[] dst, int offset) throws CorruptRecordException {
        if (side != 0 && side != 1) throw new IllegalArgumentException("side must be 0 or 1: " + side);
        Path p = imagePath(pair, side);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new CorruptRecordException("cannot read " + p + ": " + e.getMessage(), e);
        }
        decoder.decode(bytes, p.toString(), dst, offset);
    }

    @Override
    public String describe() {
        return "LFW pairs: " + pairCount() + " pairs in " + folds + " folds, " + imageSize() + "x" + imageSize()
                + ", from " + pairsFile;
    }
}
