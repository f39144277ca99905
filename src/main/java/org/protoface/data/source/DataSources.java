package org.protoface.data.source;

import org.protoface.data.FaceDataset;
import org.protoface.data.io.FolderDataset;
import org.protoface.data.io.ImageOptions;
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
 */
public final class DataSources {
    private static final List<DataSourceKind> KINDS = List.of(
            new Kind("synthetic", "synthetic:identities=N,images=K,size=S,seed=X[,offset=O][,difficulty=D]",
                    arg -> SyntheticDataset.parse(SyntheticSpec.PREFIX + arg)),
            new Kind("rec", "rec:PATH[?size=S]", arg -> openFile(arg, RecordIoDataset::open)),
            new Kind("folder", "folder:PATH[?size=S]", arg -> openFile(arg, FolderDataset::open)),
            new Kind("list", "list:FILE[?size=S]", arg -> openFile(arg, ListDataset::open)));

    /** The {@code data:} value when a config names none: 2,000 synthetic identities x 16 images at 112 px. */
    public static final String DEFAULT = "synthetic:identities=2000,images=16,size=112,seed=7";

    private DataSources() {}

    /**
     * @throws IllegalArgumentException for a malformed spec or an unknown kind (listing the kinds)
     * @throws UncheckedIOException     naming the file that cannot be read
     */
    public static FaceDataset open(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("data source '" + spec + "' must look like kind:argument (" + syntaxes() + ")");
        String name = spec.substring(0, colon);
        for (DataSourceKind kind : KINDS) {
            if (!kind.name().equals(name)) continue;
            try {
                return kind.open(spec.substring(colon + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("unknown data source kind '" + name + "' in '" + spec + "' (" + syntaxes() + ")");
    }

    public static List<String> kinds() {
        return KINDS.stream().map(DataSourceKind::name).toList();
    }

    private static String syntaxes() {
        return String.join(", ", KINDS.stream().map(DataSourceKind::syntax).toList());
    }

    @FunctionalInterface
    private interface Opener {
        FaceDataset open(String argument) throws IOException;
    }

    @FunctionalInterface
    private interface FileOpener {
        FaceDataset open(Path path, ImageOptions options) throws IOException;
    }

    private record Kind(String name, String syntax, Opener opener) implements DataSourceKind {
        @Override
        public FaceDataset open(String argument) throws IOException {
            return opener.open(argument);
        }
    }

    /** {@code PATH} or {@code PATH?size=N}: images are decoded and resized to N x N (default 112). */
    private static FaceDataset openFile(String arg, FileOpener opener) throws IOException {
        int q = arg.lastIndexOf("?size=");
        ImageOptions options = ImageOptions.defaults();
        String path = arg;
        if (q >= 0) {
            path = arg.substring(0, q);
            try {
                options = ImageOptions.of(Integer.parseInt(arg.substring(q + "?size=".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad image size in data source '" + arg + "'");
            }
        }
        return opener.open(Path.of(path), options);
    }
}
