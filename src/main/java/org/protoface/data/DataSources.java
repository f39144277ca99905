package org.protoface.data;

import org.protoface.data.io.EncodedFaceSet;
import org.protoface.data.io.FolderDataset;
import org.protoface.data.io.ImageSizeSurvey;
import org.protoface.data.io.ImageOptions;
import org.protoface.data.io.ListDataset;
import org.protoface.data.io.RecordIoDataset;
import org.protoface.data.synthetic.SyntheticDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a dataset from a source spec {@code kind:argument}, e.g.
 * {@code synthetic:identities=2000,images=16,size=48,seed=7}, {@code rec:/data/ms1m},
 * {@code folder:/photos}, {@code list:/data/train.lst}. Kinds are registered once here.
 *
 * <p>Image size: stored images are decoded and resized to the size the caller needs (the
 * encoder's input size) unless the spec names one ({@code ?size=N} for files, {@code size=N} for
 * synthetic identities); the sizes the files actually have are logged from a sample of headers.
 */
public final class DataSources {
    /** The decode size when neither the spec nor the caller gives one: the aligned-crop convention. */
    public static final int DEFAULT_SIZE = 112;

    private interface Opener {
        FaceDataset open(String argument, int defaultSize);
    }

    private static final Map<String, Opener> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("synthetic", (arg, size) -> SyntheticDataset.parse("synthetic:" + withSyntheticSize(arg, size)));
        KINDS.put("rec", (arg, size) -> openFile("rec", arg, size, RecordIoDataset::open));
        KINDS.put("folder", (arg, size) -> openFile("folder", arg, size, FolderDataset::open));
        KINDS.put("list", (arg, size) -> openFile("list", arg, size, ListDataset::open));
    }

    private DataSources() {}

    @FunctionalInterface
    private interface FileOpener {
        FaceDataset open(Path path, ImageOptions options) throws IOException;
    }

    private static String withSyntheticSize(String arg, int size) {
        for (String part : arg.split(",")) if (part.trim().startsWith("size=")) return arg;
        return arg.isBlank() ? "size=" + size : arg + ",size=" + size;
    }

    /** {@code PATH} or {@code PATH?size=N}: images are decoded and resized to N x N (default: {@code defaultSize}). */
    private static FaceDataset openFile(String kind, String arg, int defaultSize, FileOpener opener) {
        int q = arg.lastIndexOf("?size=");
        ImageOptions options = ImageOptions.of(defaultSize);
        String path = arg;
        if (q >= 0) {
            path = arg.substring(0, q);
            try {
                options = ImageOptions.of(Integer.parseInt(arg.substring(q + "?size=".length())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad image size in data source '" + kind + ":" + arg
                        + "': expected ?size=N with N a positive integer");
            }
        }
        try {
            FaceDataset dataset = opener.open(Path.of(path), options);
            if (dataset instanceof EncodedFaceSet encoded) ImageSizeSurvey.of(encoded).log(encoded, kind + ":" + path);
            return dataset;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Opens {@code spec}, decoding stored images at {@link #DEFAULT_SIZE} unless the spec gives a size. */
    public static FaceDataset open(String spec) {
        return open(spec, DEFAULT_SIZE);
    }

    /**
     * Opens {@code spec}, decoding stored images at {@code defaultSize} x {@code defaultSize}
     * unless the spec gives a size (the caller checks an explicit size against what it needs).
     */
    public static FaceDataset open(String spec, int defaultSize) {
        int colon = spec.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("data source '" + spec + "' must look like kind:argument (kinds: " + kinds() + ")");
        String kind = spec.substring(0, colon);
        Opener opener = KINDS.get(kind);
        if (opener == null) throw new IllegalArgumentException("unknown data source kind '" + kind + "' in '" + spec + "' (kinds: " + kinds() + ")");
        return opener.open(spec.substring(colon + 1), defaultSize);
    }

    public static List<String> kinds() {
        return new ArrayList<>(KINDS.keySet());
    }
}
