package org.protoface.lab.regimes;

import org.protoface.config.Config;
import org.protoface.data.source.DataSources;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.lab.heads.HeadCase;
import org.protoface.train.BatchConfig;
import org.protoface.train.LoopConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regimes study as data: which methods train on which data for how long. Every cell is the
 * preset with the same encoder, batch, optimizer, schedule shape (linear warm-up, then poly decay
 * to 0 over the run) and margin; a cell changes only the data, the number of steps and the head.
 *
 * <p>Two axes:
 * <ol>
 *   <li><b>passes per identity at a fixed image budget</b>: every data point trains for the base
 *       number of steps (so the same number of images, steps x B), on datasets from narrow (few
 *       identities, many images) to wide (many identities, each in about one batch);</li>
 *   <li><b>training length</b>: the base data point (the preset's data) trained for each multiple
 *       of the base steps; the longest multiple only for {@code longestMethods} (all when empty).</li>
 * </ol>
 * The base data point at the base length is on both axes and trains once.
 *
 * <p>Override order per cell: the study's sizes, the user's {@code --set}s (which may change the
 * base: {@code data=synthetic:...} and {@code train.steps=N}), then the cell's data and steps, then
 * the method's head keys.
 *
 * @param lengths multiples of the base steps, ascending, 1 included
 */
public record RegimesPlan(String preset, List<String> sizeOverrides, List<String> userOverrides, List<HeadCase> methods,
                          List<DataPoint> passesData, List<Integer> lengths, List<HeadCase> longestMethods) {
    public static final String DEFAULT_METHODS = "full,pfc:0.1,dsoftmax:1024,pm:1024";
    /** 64, 16, 4 and 1 batch(es) per identity with the cpu preset's 1,000 steps of 32 identities. */
    public static final String DEFAULT_DATA = "500x64,2000x16,8000x4,32000x4";
    public static final String QUICK_DATA = "15x16,60x4,240x4";
    public static final String DEFAULT_LENGTHS = "1,4,16";
    public static final String DEFAULT_LONGEST = "full,pm";

    /**
     * The cpu preset's training as it is, with the obsolescence study's held-out set, logging every 20 steps; drift and norms every step for the sampled
     * heads (the full softmax measures them every step anyway); a checkpoint every 500 steps so
     * that an interrupted long cell resumes.
     */
    public static final List<String> FULL_SIZE = List.of(
            // the obsolescence study's held-out set: a third of the preset's evaluation time, the same for every cell
            "eval.identities=500",
            "eval.images_per_identity=20",
            "eval.pairs=6000",
            "eval.all_pairs_identities=100",
            "eval.all_pairs_images=20",
            "train.log_every=20",
            "train.checkpoint_every=500",
            "train.keep_checkpoints=1",
            "pfc.drift_every=1",
            "dsoftmax.drift_every=1");

    /** Minutes: tiny images and encoder, 30 base steps of 8 identities x 4, a small held-out set. */
    public static final List<String> QUICK_SIZE = List.of(
            "data=synthetic:identities=15,images=16,size=16,seed=7",
            "encoder.type=iresnet",
            "encoder.depth=18",
            "encoder.width=0.125",
            "encoder.input_size=16",
            "encoder.embedding_size=64",
            "batch.size=32",
            "batch.images_per_identity=4",
            "train.steps=30",
            "train.log_every=5",
            "train.checkpoint_every=0",
            "train.keep_checkpoints=1",
            "train.loader_workers=1",
            "schedule.warmup_steps=5",
            "eval.identities=60",
            "eval.images_per_identity=6",
            "eval.pairs=600",
            "eval.all_pairs_identities=30",
            "eval.all_pairs_images=6",
            "pfc.drift_every=1",
            "dsoftmax.drift_every=1");

    public RegimesPlan {
        sizeOverrides = List.copyOf(sizeOverrides);
        userOverrides = List.copyOf(userOverrides);
        methods = List.copyOf(methods);
        passesData = List.copyOf(passesData);
        lengths = List.copyOf(lengths);
        longestMethods = List.copyOf(longestMethods);
        if (methods.isEmpty()) throw new IllegalArgumentException("the study needs at least one method");
        if (passesData.isEmpty()) throw new IllegalArgumentException("the study needs at least one data point");
        if (lengths.isEmpty() || lengths.get(0) != 1) {
            throw new IllegalArgumentException("--lengths must start with 1 (the base length), got " + lengths);
        }
        for (int i = 1; i < lengths.size(); i++) {
            if (lengths.get(i) <= lengths.get(i - 1)) throw new IllegalArgumentException("--lengths must be ascending, got " + lengths);
        }
        for (HeadCase h : longestMethods) {
            if (!methods.contains(h)) {
                throw new IllegalArgumentException("--longest-methods names '" + h.label() + "', which is not among --methods");
            }
        }
    }

    /**
     * @param data     comma-separated data points of the passes axis, null for the default of the size
     * @param lengths  comma-separated multiples of the base steps, e.g. "1,4,16"
     * @param longest  methods of the longest length, by kind or label, e.g. "full,pm"; "all" or empty for every method
     */
    public static RegimesPlan of(String preset, boolean quick, List<String> userOverrides, String methods, String data,
                                 String lengths, String longest) {
        List<HeadCase> ms = HeadCase.parseList(methods);
        List<HeadCase> longestMethods = new ArrayList<>();
        if (longest != null && !longest.isBlank() && !longest.trim().equals("all")) {
            for (String part : longest.split(",")) {
                if (part.isBlank()) continue;
                // a kind ("pm") names the listed method of that kind, a label ("pm:1024") that method
                String want = part.trim().toLowerCase(java.util.Locale.ROOT);
                List<HeadCase> match = ms.stream().filter(h -> h.label().equals(want) || h.kind().equals(want)).toList();
                if (match.isEmpty()) {
                    throw new IllegalArgumentException("--longest-methods names '" + part.trim() + "', which is not among --methods ("
                            + String.join(",", ms.stream().map(HeadCase::label).toList()) + ")");
                }
                longestMethods.addAll(match);
            }
        }
        return new RegimesPlan(preset, quick ? QUICK_SIZE : FULL_SIZE, userOverrides, ms,
                DataPoint.parseList(data != null ? data : quick ? QUICK_DATA : DEFAULT_DATA), parseLengths(lengths), longestMethods);
    }

    static List<Integer> parseLengths(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) continue;
            try {
                int v = Integer.parseInt(part.trim());
                if (v < 1) throw new NumberFormatException();
                out.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--lengths: '" + part.trim() + "' is not a positive whole multiple of the base steps");
            }
        }
        return out;
    }

    /** The preset with the study's sizes and the user's overrides: the base every cell starts from. */
    public Config base() {
        List<String> all = new ArrayList<>(sizeOverrides);
        all.addAll(userOverrides);
        return Config.load(preset, all);
    }

    /** The base data source; it must be synthetic (its size, seed and difficulty carry over to every data point). */
    public SyntheticSpec baseSpec() {
        String source = base().string("data", DataSources.DEFAULT);
        if (!source.startsWith(SyntheticSpec.PREFIX)) {
            throw new IllegalArgumentException("the regimes study renders its data points: data must be synthetic:..., got '"
                    + source + "'");
        }
        return SyntheticSpec.parse(source);
    }

    /** The base data point: the length axis trains on it. */
    public DataPoint baseData() {
        SyntheticSpec s = baseSpec();
        return new DataPoint(s.identities(), s.images());
    }

    /** Training steps of the base configuration (the passes axis's fixed budget). */
    public long baseSteps() {
        return base().get(LoopConfig.SECTION).steps();
    }

    /**
     * Every cell once, longest first (so parallel invocations finish together); within a length the
     * base data point first, then the others from the widest to the narrowest (so a study stopped
     * early has the default regime and the one furthest from it).
     */
    public List<RegimeCell> cells() {
        BatchConfig batch = base().get(BatchConfig.SECTION);
        int ids = batch.size() / batch.imagesPerIdentity();
        Map<String, RegimeCell> cells = new LinkedHashMap<>();
        long base = baseSteps();
        List<DataPoint> order = new ArrayList<>(passesData);
        order.sort(Comparator.comparing((DataPoint d) -> !d.equals(baseData())).thenComparing(DataPoint::identities, Comparator.reverseOrder()));
        for (DataPoint d : order) {
            for (HeadCase m : methods) add(cells, new RegimeCell(d, base, m, ids, batch.size()));
        }
        int longest = lengths.get(lengths.size() - 1);
        for (int multiple : lengths) {
            for (HeadCase m : methods) {
                if (multiple == longest && multiple > 1 && !longestMethods.isEmpty() && !longestMethods.contains(m)) continue;
                add(cells, new RegimeCell(baseData(), base * multiple, m, ids, batch.size()));
            }
        }
        List<RegimeCell> out = new ArrayList<>(cells.values());
        out.sort(Comparator.comparingLong(RegimeCell::steps).reversed()); // stable: axis order within a length
        return out;
    }

    private static void add(Map<String, RegimeCell> cells, RegimeCell c) {
        cells.putIfAbsent(c.folder(), c);
    }

    /** The cells of the passes axis: every data point at the base steps, from the most passes per identity to the fewest. */
    public List<RegimeCell> passesCells() {
        long base = baseSteps();
        List<RegimeCell> out = new ArrayList<>();
        for (DataPoint d : passesData.stream().sorted(Comparator.comparingInt(DataPoint::identities)).toList()) {
            for (RegimeCell c : cells()) if (c.steps() == base && c.data().equals(d)) out.add(c);
        }
        return out;
    }

    /** The cells of the length axis: the base data point at every length. */
    public List<RegimeCell> lengthCells() {
        DataPoint d = baseData();
        long base = baseSteps();
        return cells().stream().filter(c -> c.data().equals(d) && c.steps() % base == 0 && lengths.contains((int) (c.steps() / base)))
                .sorted(Comparator.comparingLong(RegimeCell::steps)).toList();
    }

    /**
     * What the study should say before it trains: one line per data point with one image per
     * identity (e.g. {@code 15x1}). Such a point trains (the sampler repeats an identity's image to
     * fill its batch.images_per_identity places, each copy augmented on its own, and counts them in
     * reused_images), but no identity has two different photographs, so the encoder never sees two
     * images of one identity and the cell measures little about identity: worth a warning, not a refusal.
     */
    public List<String> warnings() {
        BatchConfig batch = base().get(BatchConfig.SECTION);
        List<String> out = new ArrayList<>();
        List<DataPoint> points = new ArrayList<>(passesData);
        DataPoint base = baseData();
        if (!points.contains(base)) points.add(base);
        for (DataPoint d : points) {
            if (d.imagesPerIdentity() > 1) continue;
            String where = passesData.contains(d) ? "--data " + d : "the base data point " + d + " (--set data=...)";
            String repeat = batch.imagesPerIdentity() > 1
                    ? "each batch repeats that image batch.images_per_identity=" + batch.imagesPerIdentity() + " times (augmented differently)"
                    : "each batch holds that one image";
            out.add(where + ": one image per identity, so no identity has two different photographs; " + repeat
                    + " and the encoder never sees two images of one identity; use at least 2 images per identity (e.g. "
                    + d.identities() + "x2)");
        }
        return out;
    }

    /** The full configuration one cell trains with. */
    public Config config(RegimeCell cell) {
        List<String> all = new ArrayList<>(sizeOverrides);
        all.addAll(userOverrides);
        all.add("data=" + cell.data().source(baseSpec()));
        all.add("train.steps=" + cell.steps());
        all.addAll(cell.method().configOverrides());
        return Config.load(preset, all);
    }
}
