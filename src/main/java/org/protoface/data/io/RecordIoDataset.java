package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.TextLines;
import org.protoface.data.recordio.IRHeader;
import org.protoface.data.recordio.RecordIoFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code rec:PATH}: an MXNet RecordIO training set (train.rec + train.idx + optional property).
 * Two layouts are recognised from record 0:
 * <ul>
 * <li>InsightFace (record 0 has flag > 0 and label [a, b]): images are keys 1..a-1, identity
 *     records a..b-1 each carry the [start, end) range of their images' keys. Opening reads only
 *     record 0 and the identity records, so it stays fast on sets of 100+ GB.</li>
 * <li>plain im2rec (record 0 has flag 0): every record is an image; identities are formed by
 *     grouping on the image label, which means reading every record header once at open.</li>
 * </ul>
 * Identities are numbered 0..N-1 in file order (InsightFace) or ascending label order (im2rec);
 * {@link #originalLabel} gives the label stored in the file.
 */
public final class RecordIoDataset implements EncodedFaceSet {
    private static final Logger LOG = LoggerFactory.getLogger(RecordIoDataset.class);
    /** Enough leading payload bytes for an image header with up to 10 labels. */
    private static final int HEADER_PREFIX_BYTES = IRHeader.BYTES + 40;

    /**
     * How identities are found in the file: {@code INSIGHTFACE} (record 0 holds the identity ranges of the
     * InsightFace layout) or {@code IM2REC} (plain im2rec records, grouped by their label).
     */
    public enum Layout { INSIGHTFACE, IM2REC }

    private final RecordIoFile file;
    private final Layout layout;
    private final IdentityTable identities;
    private final ImageDecoder decoder;
    private final OptionalInt propertyClassCount;

    private RecordIoDataset(RecordIoFile file, Layout layout, IdentityTable identities, ImageDecoder decoder,
                            OptionalInt propertyClassCount) {
        this.file = file;
        this.layout = layout;
        this.identities = identities;
        this.decoder = decoder;
        this.propertyClassCount = propertyClassCount;
    }

    /**
     * @param path the .rec file (its .idx has the same base name) or a folder holding train.rec and
     *             train.idx; a {@code property} file in the same folder is read when present
     */
    public static RecordIoDataset open(Path path, ImageOptions options) throws IOException {
        Path rec = Files.isDirectory(path) ? path.resolve("train.rec") : path;
        String name = rec.getFileName().toString();
        String base = name.endsWith(".rec") ? name.substring(0, name.length() - 4) : name;
        Path idx = rec.resolveSibling(base + ".idx");
        if (!Files.isRegularFile(idx)) throw new MalformedDataException("index " + idx + " for " + rec + " does not exist");
        return open(RecordIoFile.open(rec, idx), options);
    }

    /**
     * Opens an already opened RecordIO file, detecting its layout; labels of InsightFace identity ranges are read
     * with float32 rounding.
     *
     * @throws MalformedDataException if the file holds no images or its header records are malformed
     * @throws IOException            if the file cannot be read
     */
    public static RecordIoDataset open(RecordIoFile file, ImageOptions options) throws IOException {
        return open(file, options, RoundedKeys.FLOAT32);
    }

    /** As {@link #open(RecordIoFile, ImageOptions)}; tests pass a coarser rounding than float32's. */
    static RecordIoDataset open(RecordIoFile file, ImageOptions options, RoundedKeys labelRounding) throws IOException {
        long firstKey = file.index().keyAt(0);
        byte[] payload0 = file.read(firstKey);
        IRHeader first = parse(payload0, firstKey, file);
        boolean insightFace = isInsightFace(file, firstKey, first, payload0);
        IdentityTable table;
        Layout layout;
        if (insightFace) {
            layout = Layout.INSIGHTFACE;
            table = readInsightFaceIdentities(file, first, labelRounding);
        } else {
            layout = Layout.IM2REC;
            table = groupByLabel(file, allKeys(file));
        }
        if (table.identityCount() == 0) throw new MalformedDataException(file.path() + " holds no images");
        OptionalInt classes = readProperty(file.path().resolveSibling("property"));
        if (classes.isPresent() && classes.getAsInt() != table.identityCount()) {
            LOG.warn("{} says {} classes but {} has {} identities; using the identities found in the records",
                    file.path().resolveSibling("property"), classes.getAsInt(), file.path(), table.identityCount());
        }
        return new RecordIoDataset(file, layout, table, new ImageDecoder(options), classes);
    }

    /**
     * Decides the layout from what record 0 and its neighbours hold. An InsightFace header record
     * (record 0 and every identity record) never carries image bytes, while every im2rec record is
     * an image, whatever its label: im2rec writes flag > 0 for packed labels too, so the flag alone
     * cannot tell the layouts apart. Record 0 without an image must be a header [a, b] with
     * 1 <= a <= b, and then key 1 (when a > 1) must hold an image; anything else fits neither
     * layout and is an error saying what was found.
     */
    private static boolean isInsightFace(RecordIoFile file, long firstKey, IRHeader first, byte[] payload0)
            throws MalformedDataException {
        if (payload0.length > first.size()) {
            if (first.flag() > 1) {
                LOG.info("{}: record {} holds {} and a {}-value label: im2rec layout with packed labels, identities from "
                        + "the first label value", file.path(), firstKey, describeData(payload0, first), first.flag());
            }
            return false;
        }
        String found = "record " + firstKey + " of " + file.path() + " holds no image and the label " + labelText(first);
        if (firstKey != 0) {
            throw new MalformedDataException(found + ": neither an im2rec image nor an InsightFace header (which is record 0)");
        }
        float a = first.flag() >= 2 ? first.labels()[0] : Float.NaN;
        float b = first.flag() >= 2 ? first.labels()[1] : Float.NaN;
        if (first.flag() != 2 || !(a >= 1) || !(b >= a) || a != Math.rint(a) || b != Math.rint(b)) {
            throw new MalformedDataException(found + ": an InsightFace header holds two integers [a, b] with 1 <= a <= b "
                    + "(images are keys 1..a-1, identity records a..b-1), and im2rec records hold images; "
                    + "this file fits neither layout");
        }
        if (a > 1) {
            if (!file.index().contains(1)) {
                throw new MalformedDataException(found + ", an InsightFace header, but the index has no key 1 (the first image)");
            }
            byte[] payload1 = file.read(1);
            IRHeader h1 = parse(payload1, 1, file);
            if (payload1.length <= h1.size()) {
                throw new MalformedDataException(found + ", an InsightFace header, but record 1 holds no image either (label "
                        + labelText(h1) + "): this file fits neither layout");
            }
        }
        return true;
    }

    /** What follows a record's header, for messages: "a JPEG (1234 bytes)". */
    static String describeData(byte[] payload, IRHeader header) {
        int n = payload.length - header.size();
        if (n <= 0) return "no image";
        int at = header.size();
        String kind;
        if (n >= 3 && (payload[at] & 0xff) == 0xff && (payload[at + 1] & 0xff) == 0xd8) kind = "a JPEG";
        else if (n >= 4 && (payload[at] & 0xff) == 0x89 && payload[at + 1] == 'P' && payload[at + 2] == 'N' && payload[at + 3] == 'G') kind = "a PNG";
        else kind = "data";
        return kind + " (" + n + " bytes)";
    }

    private static String labelText(IRHeader h) {
        return h.flag() == 0 ? String.valueOf(h.label()) : java.util.Arrays.toString(h.labels());
    }

    private static IdentityTable readInsightFaceIdentities(RecordIoFile file, IRHeader header0, RoundedKeys rounding)
            throws IOException {
        long started = System.nanoTime();
        RangeBoundaryResolver resolver = new RangeBoundaryResolver(boundaryRecords(file), rounding);
        long a = resolver.firstIdentityKey(exactKey(header0.labels()[0], file, "record 0 label a"));
        long b = resolver.endOfKeys(exactKey(header0.labels()[1], file, "record 0 label b"));
        if (a < 1 || b < a) throw new MalformedDataException(file.path() + " record 0: invalid ranges a=" + a + ", b=" + b);
        if (b == a) {
            // no identity records: fall back to the image labels, as InsightFace's own loader does
            long[] keys = new long[Math.toIntExact(a - 1)];
            for (int k = 1; k < a; k++) keys[k - 1] = k;
            return groupByLabel(file, keys);
        }
        int n = Math.toIntExact(b - a);
        int[] start = new int[n];
        int[] end = new int[n];
        long previousEnd = 1;
        long previousStoredEnd = -1;
        for (int i = 0; i < n; i++) {
            long key = a + i;
            byte[] payload = file.read(key);
            IRHeader h = parse(payload, key, file);
            if (h.flag() < 2 || payload.length > h.size()) {
                throw new MalformedDataException(file.path() + " identity record " + key + " holds " + describeData(payload, h)
                        + " and the label " + labelText(h) + ", but record 0's header [" + a + ", " + b + ") makes it the "
                        + "range [start, end) of an identity's images, which carries no image: the file fits neither the "
                        + "InsightFace layout nor im2rec's (whose record 0 holds an image)");
            }
            float storedStart = h.labels()[0];
            float storedEnd = h.labels()[1];
            if ((long) storedStart != storedStart || (long) storedEnd != storedEnd || storedStart < 1) {
                throw new MalformedDataException(file.path() + " identity record " + key + ": image range [" + storedStart
                        + ", " + storedEnd + ") must hold positive integers");
            }
            // contiguous ranges share the boundary, so a rounded start is settled by the previous end
            long s = (long) storedStart == previousStoredEnd ? previousEnd
                    : resolver.start(previousEnd, (long) storedStart, a, key);
            long e = s < a ? resolver.end(s, (long) storedEnd, a, key) : (long) storedEnd;
            if (s < previousEnd || e <= s || e > a) {
                throw new MalformedDataException(file.path() + " identity record " + key + ": image range [" + storedStart
                        + ", " + storedEnd + ") must be non-empty, ascending and inside [1, " + a + ")");
            }
            start[i] = Math.toIntExact(s);
            end[i] = Math.toIntExact(e);
            previousEnd = e;
            previousStoredEnd = (long) storedEnd;
        }
        if (resolver.roundedBoundaries() > 0) {
            LOG.info("{}: {} identity-range boundaries were rounded by float32 labels; settled from {} record headers in {} s",
                    file.path(), resolver.roundedBoundaries(), resolver.headersRead(),
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        }
        return new RangeIdentityTable(start, end);
    }

    /** Header-only views of the records, for settling rounded range boundaries. */
    private static RangeBoundaryResolver.Records boundaryRecords(RecordIoFile file) {
        return new RangeBoundaryResolver.Records() {
            @Override
            public boolean exists(long key) {
                return file.index().contains(key);
            }

            @Override
            public boolean isIdentityRecord(long key) throws MalformedDataException {
                RecordIoFile.Prefix prefix = file.readPrefix(key, HEADER_PREFIX_BYTES);
                byte[] payload = prefix.bytes();
                if (!prefix.complete()) {
                    // longer than the prefix: it holds an image; shorter yet incomplete: split, so join it
                    if (payload.length == HEADER_PREFIX_BYTES) return false;
                    payload = file.read(key);
                }
                return payload.length >= IRHeader.BYTES && parse(payload, key, file).size() == payload.length;
            }

            @Override
            public float imageLabel(long key) throws MalformedDataException {
                return headerFromPrefix(file, key).label();
            }

            @Override
            public String describe() {
                return file.path().toString();
            }
        };
    }

    /** The header of a record, reading the whole payload only when its first frame is too short. */
    private static IRHeader headerFromPrefix(RecordIoFile file, long key) throws MalformedDataException {
        RecordIoFile.Prefix prefix = file.readPrefix(key, HEADER_PREFIX_BYTES);
        try {
            return IRHeader.parse(prefix.bytes());
        } catch (IllegalArgumentException e) {
            if (prefix.complete()) throw new MalformedDataException(file.path() + " record " + key + ": " + e.getMessage());
            return header(file, key);   // the header runs past the first frame or past the prefix
        }
    }

    private static IdentityTable groupByLabel(RecordIoFile file, long[] keys) throws IOException {
        float[] labels = new float[keys.length];
        for (int i = 0; i < keys.length; i++) {
            labels[i] = headerFromPrefix(file, keys[i]).label();
            if (!Float.isFinite(labels[i])) throw new MalformedDataException(file.path() + " record " + keys[i] + ": label " + labels[i]);
        }
        return new GroupedIdentityTable(keys, labels);
    }

    private static long[] allKeys(RecordIoFile file) {
        long[] keys = new long[file.index().size()];
        for (int i = 0; i < keys.length; i++) keys[i] = file.index().keyAt(i);
        return keys;
    }

    private static long exactKey(float value, RecordIoFile file, String what) throws MalformedDataException {
        long v = (long) value;
        if (v != value) throw new MalformedDataException(file.path() + " " + what + " is not an integer: " + value);
        return v;
    }

    private static IRHeader header(RecordIoFile file, long key) throws MalformedDataException {
        return parse(file.read(key), key, file);
    }

    private static IRHeader parse(byte[] payload, long key, RecordIoFile file) throws MalformedDataException {
        try {
            return IRHeader.parse(payload);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(file.path() + " record " + key + ": " + e.getMessage());
        }
    }

    /**
     * Reads the class count from {@code property} ("num_classes,height,width", one line; InsightFace
     * writes it, it is optional). Empty when the file is absent or blank (a blank file is logged and
     * treated as absent). A byte-order mark is accepted; any other content that does not parse is an
     * error naming the file, line and field.
     */
    static OptionalInt readProperty(Path property) throws IOException {
        if (!Files.isRegularFile(property)) return OptionalInt.empty();
        List<String> lines = TextLines.read(property).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            LOG.warn("{} is empty; ignoring it (it is optional: 'num_classes,height,width')", property);
            return OptionalInt.empty();
        }
        if (lines.size() > 1) {
            throw new MalformedDataException(property + " line 2: expected one line 'num_classes,height,width', found "
                    + lines.size() + " non-blank lines");
        }
        String text = lines.get(0).trim();
        String[] parts = text.split(",", -1);
        String[] names = {"num_classes", "height", "width"};
        if (parts.length != 1 && parts.length != 3) {
            throw new MalformedDataException(property + " line 1: expected 'num_classes,height,width', got '" + text + "'");
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                values[i] = -1;
            }
            if (values[i] < 1) {
                throw new MalformedDataException(property + " line 1: field '" + names[i] + "' must be a positive integer, got '"
                        + parts[i].trim() + "' (expected 'num_classes,height,width')");
            }
        }
        return OptionalInt.of(values[0]);
    }

    @Override
    public int identityCount() {
        return identities.identityCount();
    }

    @Override
    public int imageCount(int identity) {
        return identities.imageCount(identity);
    }

    @Override
    public int imageSize() {
        return decoder.imageSize();
    }

    @Override
    public long totalImages() {
        return identities.totalImages();
    }

    /** The record key of image {@code index} of {@code identity}. */
    public long imageKey(int identity, int index) {
        return identities.imageKey(identity, index);
    }

    /**
     * The identity's label as stored in the file, before remapping to 0..N-1. For the InsightFace
     * layout this is the label of the identity's first image record, read on demand so that opening
     * does not touch one page per identity.
     */
    public float originalLabel(int identity) throws MalformedDataException {
        if (identities instanceof GroupedIdentityTable grouped) return grouped.label(identity);
        return header(file, imageKey(identity, 0)).label();
    }

    @Override
    public String identityLabel(int identity) {
        try {
            float label = originalLabel(identity);
            return label == (long) label ? Long.toString((long) label) : Float.toString(label);
        } catch (MalformedDataException e) {
            return "(unreadable label: " + e.getMessage() + ")";
        }
    }

    @Override
    public String imageSource(int identity, int index) {
        return file.path() + " key " + imageKey(identity, index);
    }

    @Override
    public ImageDecoder decoder() {
        return decoder;
    }

    /** The layout detected when the file was opened. */
    public Layout layout() {
        return layout;
    }

    /** num_classes from the property file, if there was one. */
    public OptionalInt propertyClassCount() {
        return propertyClassCount;
    }

    /** The underlying {@code .rec}/{@code .idx} pair. */
    public RecordIoFile file() {
        return file;
    }

    /** The encoded image (JPEG/PNG bytes as stored) of one image record. */
    @Override
    public byte[] encodedImage(int identity, int index) throws CorruptRecordException {
        long key = imageKey(identity, index);
        byte[] payload;
        try {
            payload = file.read(key);
        } catch (MalformedDataException e) {
            throw new CorruptRecordException(e.getMessage(), e);
        }
        try {
            return IRHeader.parse(payload).imageBytes(payload);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(file.path() + " key " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void load(int identity, int index, float[] dst, int offset) throws CorruptRecordException {
        byte[] image = encodedImage(identity, index);
        decoder.decode(image, file.path() + " key " + imageKey(identity, index), dst, offset);
    }

    @Override
    public String describe() {
        return "rec dataset (" + layout.name().toLowerCase() + " layout): " + identityCount() + " identities, "
                + totalImages() + " images, " + imageSize() + "x" + imageSize() + ", from " + file.path()
                + " (" + file.sizeBytes() + " bytes)";
    }
}
