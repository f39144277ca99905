package org.protoface.data.verification;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.io.ImageDecoder;
import org.protoface.data.io.ImageOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An InsightFace validation set (lfw.bin, cfp_fp.bin, agedb_30.bin, ...): a pickle of
 * (bins, issame_list). Items may be Python 3 bytes, Python 2 str or numpy uint8 arrays, at pickle
 * protocols 0 to 5; the pickle is read by {@link RestrictedUnpickler}, which builds nothing else.
 * The encoded images stay in memory (tens of MB) and are decoded on demand.
 */
public final class BinValidationSet implements VerificationPairs {
    private final Path file;
    private final EncodedPairs pairs;
    private final ImageDecoder decoder;

    private BinValidationSet(Path file, EncodedPairs pairs, ImageDecoder decoder) {
        this.file = file;
        this.pairs = pairs;
        this.decoder = decoder;
    }

    /**
     * Opens an InsightFace {@code .bin} verification set (pickled encoded images and same/different flags).
     *
     * @throws MalformedDataException if the file does not exist or its pickle does not hold the expected types
     * @throws IOException            if the file cannot be read
     */
    public static BinValidationSet open(Path file, ImageOptions options) throws IOException {
        return new BinValidationSet(file, readPairs(file), new ImageDecoder(options));
    }

    /** Unpickles {@code file} into its encoded images and flags, checking every item's type. */
    public static EncodedPairs readPairs(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new MalformedDataException("validation file " + file + " does not exist");
        String source = file.toString();
        Object root = RestrictedUnpickler.load(Files.readAllBytes(file), source);
        List<?> top = sequence(root, source, "top level (bins, issame_list)");
        if (top.size() != 2) throw new MalformedDataException(source + ": expected (bins, issame_list), got " + top.size() + " items");
        List<?> bins = sequence(top.get(0), source, "bins");
        boolean[] issame = flags(top.get(1), source);
        if (bins.size() != 2 * issame.length) {
            throw new MalformedDataException(source + ": " + bins.size() + " images for " + issame.length
                    + " pairs; expected exactly two images per pair");
        }
        List<byte[]> images = new ArrayList<>(bins.size());
        for (int i = 0; i < bins.size(); i++) images.add(imageBytes(bins.get(i), source + " item " + i));
        return new EncodedPairs(images, issame);
    }

    private static List<?> sequence(Object o, String source, String what) throws MalformedDataException {
        if (o instanceof Object[] tuple) return java.util.Arrays.asList(tuple);
        if (o instanceof List<?> list) return list;
        throw new MalformedDataException(source + ": " + what + " must be a tuple or list, got " + typeName(o));
    }

    private static byte[] imageBytes(Object item, String what) throws MalformedDataException {
        if (item instanceof byte[] bytes) return bytes;
        if (item instanceof NumpyArray array) return array.bytes("u1", what);
        throw new MalformedDataException(what + ": expected bytes, str or a numpy uint8 array, got " + typeName(item));
    }

    private static boolean[] flags(Object o, String source) throws MalformedDataException {
        if (o instanceof NumpyArray array) {
            byte[] raw = array.bytes("b1", source + " issame_list");
            boolean[] flags = new boolean[raw.length];
            for (int i = 0; i < raw.length; i++) flags[i] = raw[i] != 0;
            return flags;
        }
        List<?> list = sequence(o, source, "issame_list");
        boolean[] flags = new boolean[list.size()];
        for (int i = 0; i < flags.length; i++) {
            if (!(list.get(i) instanceof Boolean b)) {
                throw new MalformedDataException(source + ": issame_list[" + i + "] must be a bool, got " + typeName(list.get(i)));
            }
            flags[i] = b;
        }
        return flags;
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    /** The encoded images and flags as read from the file. */
    public EncodedPairs encoded() {
        return pairs;
    }

    @Override
    public String name() {
        String n = file.getFileName().toString();
        return n.endsWith(".bin") ? n.substring(0, n.length() - 4) : n;
    }

    @Override
    public int pairCount() {
        return pairs.pairCount();
    }

    @Override
    public boolean isSame(int pair) {
        return pairs.issame()[pair];
    }

    @Override
    public int imageSize() {
        return decoder.imageSize();
    }

    @Override
    public void load(int pair, int side, float[] dst, int offset) throws CorruptRecordException {
        if (side != 0 && side != 1) throw new IllegalArgumentException("side must be 0 or 1: " + side);
        decoder.decode(pairs.image(pair, side), file + " item " + (2 * pair + side), dst, offset);
    }

    @Override
    public String describe() {
        int same = 0;
        for (boolean b : pairs.issame()) if (b) same++;
        return "bin verification set " + name() + ": " + pairCount() + " pairs (" + same + " same), "
                + imageSize() + "x" + imageSize() + ", from " + file;
    }
}
