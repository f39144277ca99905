package org.protoface.data.source;

import org.protoface.data.FaceDataset;
import org.protoface.data.io.EncodedFaceSet;
import org.protoface.data.io.FolderDataset;
import org.protoface.data.io.ImageOptions;
import org.protoface.data.io.ImageSizeSurvey;
import org.protoface.data.io.ListDataset;
import org.protoface.data.io.RecordIoDataset;
import org.protoface.data.synthetic.SyntheticDataset;
import org.protoface.data.synthetic.SyntheticSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The registry of data source kinds, one line each, and the one place a {@code data:} spec such
 * as {@code synthetic:identities=2000,images=16,size=48,seed=7}, {@code rec:/data/ms1m},
 * {@code folder:/photos} or {@code list:/data/train.lst} is opened.
 *
 * <p>Image size: stored images are decoded and resized to the size the caller needs (the
 * encoder's input size) unless the spec names one ({@code ?size=N} for files, {@code size=N} for
 * synthetic identities); the sizes the files actually have are logged from a sample of headers.
 */
public final class DataSources {
    private static final List<DataSourceKind> KINDS = List.of(
            new Kind("synthetic", "synthetic:identities=N,images=K[,size=S],seed=X[,offset=O][,difficulty=D]",
                    (arg, size) -> SyntheticDataset.parse(SyntheticSpec.PREFIX + withSyntheticSize(arg, size))),
            new Kind("rec", "rec:PATH[?size=S]", (arg, size) -> openFile("rec", arg, size, RecordIoDataset::open)),
            new Kind("folder", "folder:PATH[?size=S]", (arg, size) -> openFile("folder", arg, size, FolderDataset::open)),
            new Kind("list", "list:FILE[?size=S]", (arg, size) -> openFile("list", arg, size, ListDataset::open)));

    /** The {@code data:} value when a config names none: 2,000 synthetic identities x 16 images at 112 px. */
    public static final String DEFAULT = "synthetic:identities=2000,images=16,size=112,seed=7";
    /** The decode size when neither the spec nor the caller gives one: the aligned-crop convention. */
    public static final int DEFAULT_SIZE = 112;

    private DataSources() {}

    /** Opens {@code spec}, decoding stored images at {@link #DEFAULT_SIZE} unless the spec gives a size. */
    public static FaceDataset open(String spec) {
        return open(spec, DEFAULT_SIZE);
    }

    /**
     * Opens {@code spec}, decoding stored images at {@code defaultSize} x {@code defaultSize}
     * unless the spec gives a size (the caller checks an explicit size against what it needs).
     *
     * @throws IllegalArgumentException for a malformed spec or an unknown kind (listing the kinds)
     * @throws UncheckedIOException     naming the file that cannot be read
     */
    public static FaceDataset open(String spec, int defaultSize) {
        int colon = spec.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("data source '" + spec + "' must look like kind:argument (kinds: " + kinds() + ")");
        String name = spec.substring(0, colon);
        for (DataSourceKind kind : KINDS) {
            if (!kind.name().equals(name)) continue;
            try {
                return kind.open(spec.substring(colon + 1), defaultSize);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("unknown data source kind '" + name + "' in '" + spec + "' (kinds: " + kinds() + ")");
    }

    /** Names of every registered data source kind, in registration order. */
    public static List<String> kinds() {
        return KINDS.stream().map(DataSourceKind::name).toList();
    }

    /** The accepted syntax of every kind, for help texts. */
    public static List<String> syntaxes() {
        return KINDS.stream().map(DataSourceKind::syntax).toList();
    }

    @FunctionalInterface
    private interface Opener {
        FaceDataset open(String argument, int defaultSize) throws IOException;
    }

    @FunctionalInterface
    private interface FileOpener {
        FaceDataset open(Path path, ImageOptions options) throws IOException;
    }

    private record Kind(String name, String syntax, Opener opener) implements DataSourceKind {
        @Override
        public FaceDataset open(String argument, int defaultSize) throws IOException {
            return opener.open(argument, defaultSize);
        }
    }

    private static String withSyntheticSize(String arg, int size) {
        for (String part : arg.split(",")) if (part.trim().startsWith("size=")) return arg;
        return arg.isBlank() ? "size=" + size : arg + ",size=" + size;
    }

    /** {@code PATH} or {@code PATH?size=N}: images are decoded and resized to N x N (default: {@code defaultSize}). */
    private static FaceDataset openFile(String kind, String arg, int defaultSize, FileOpener opener) throws IOException {
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
        FaceDataset dataset = opener.open(Path.of(path), options);
        if (dataset instanceof EncodedFaceSet encoded) ImageSizeSurvey.of(encoded).log(encoded, kind + ":" + path);
        return dataset;
    }
}
