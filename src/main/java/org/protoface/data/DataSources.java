package org.protoface.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Opens a dataset from a source spec {@code kind:argument}, e.g.
 * {@code synthetic:identities=2000,images=16,size=48,seed=7}, {@code rec:/data/ms1m},
 * {@code folder:/photos}, {@code list:/data/train.lst}. Kinds are registered once here.
 */
public final class DataSources {
    private static final Map<String, Function<String, FaceDataset>> KINDS = new java.util.LinkedHashMap<>();

    private DataSources() {}

    /** Registers a kind; called from this class's static initialiser for the built-in kinds. */
    static void register(String kind, Function<String, FaceDataset> opener) {
        KINDS.put(kind, opener);
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
