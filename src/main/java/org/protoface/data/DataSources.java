package org.protoface.data;

import org.protoface.data.io.FolderDataset;
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
import java.util.function.Function;

/**
 * Opens a dataset from a source spec {@code kind:argument}, e.g.
 * {@code synthetic:identities=2000,images=16,size=48,seed=7}, {@code rec:/data/ms1m},
 * {@code folder:/photos}, {@code list:/data/train.lst}. Kinds are registered once here.
 */
public final class DataSources {
    private static final Map<String, Function<String, FaceDataset>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("synthetic", arg -> SyntheticDataset.parse("synthetic:" + arg));
        KINDS.put("rec", arg -> openFile(arg, RecordIoDataset::open));
        KINDS.put("folder", arg -> openFile(arg, FolderDataset::open));
        KINDS.put("list", arg -> openFile(arg, ListDataset::open));
    }

    private DataSources() {}

    @FunctionalInterface
    private interface FileOpener {
        FaceDataset open(Path path, ImageOptions options) throws IOException;
    }

    /** {@code PATH} or {@code PATH?size=N}: images are decoded and resized to N x N (default 112). */
    private static FaceDataset openFile(String arg, FileOpener opener) {
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
        try {
            return opener.open(Path.of(path), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    public static FaceDataset open(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("data source '" + spec + "' must look like kind:argument (kinds: " + kinds() + ")");
        String kind = spec.substring(0, colon);
        Function<String, FaceDataset> opener = KINDS.get(kind);
        if (opener == null) throw new IllegalArgumentException("unknown data source kind '" + kind + "' in '" + spec + "' (kinds: " + kinds() + ")");
        return opener.apply(spec.substring(colon + 1));
    }

    public static List<String> kinds() {
        return new ArrayList<>(KINDS.keySet());
    }
}
