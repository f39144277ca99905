package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;
import org.protoface.data.MalformedDataException;
import org.protoface.data.recordio.IRHeader;
import org.protoface.data.recordio.RecordIoFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

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
public final class RecordIoDataset implements FaceDataset {
    private static final Logger LOG = LoggerFactory.getLogger(RecordIoDataset.class);
    /** float32 represents every integer only up to 2^24; larger keys in range labels are rounded. */
    private static final long FLOAT_EXACT_INTEGERS = 1L << 24;

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

    public static RecordIoDataset open(RecordIoFile file, ImageOptions options) throws IOException {
        IRHeader first = header(file, file.index().keyAt(0));
        boolean insightFace = file.index().keyAt(0) == 0 && first.flag() > 0;
        IdentityTable table;
        Layout layout;
        if (insightFace) {
            layout = Layout.INSIGHTFACE;
            table = readInsightFaceIdentities(file, first);
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

    private static IdentityTable readInsightFaceIdentities(RecordIoFile file, IRHeader header0) throws IOException {
        if (header0.flag() < 2) {
            throw new MalformedDataException(file.path() + " record 0: expected label [a, b], got " + header0);
        }
        long a = exactKey(header0.labels()[0], file, "record 0 label a");
        long b = exactKey(header0.labels()[1], file, "record 0 label b");
        if (a < 1 || b < a) throw new MalformedDataException(file.path() + " record 0: invalid ranges a=" + a + ", b=" + b);
        if (b == a) {
            // no identity records: fall back to the image labels, as InsightFace's own loader does
            List<Long> keys = new ArrayList<>();
            for (long k = 1; k < a; k++) keys.add(k);
            return groupByLabel(file, keys);
        }
        if (a > FLOAT_EXACT_INTEGERS) {
            LOG.warn("{} has {} image keys; identity ranges are float32 and may be rounded above 2^24", file.path(), a - 1);
        }
        int n = Math.toIntExact(b - a);
        int[] start = new int[n];
        int[] end = new int[n];
        long previousEnd = 1;
        for (int i = 0; i < n; i++) {
            long key = a + i;
            IRHeader h = header(file, key);
            if (h.flag() < 2) {
                throw new MalformedDataException(file.path() + " identity record " + key + ": expected label [start, end), got " + h);
            }
            long s = (long) h.labels()[0];
            long e = (long) h.labels()[1];
            if (s != h.labels()[0] || e != h.labels()[1] || s < previousEnd || e <= s || e > a) {
                throw new MalformedDataException(file.path() + " identity record " + key + ": image range [" + h.labels()[0]
                        + ", " + h.labels()[1] + ") must be integral, non-empty, ascending and inside [1, " + a + ")");
            }
            start[i] = (int) s;
            end[i] = (int) e;
            previousEnd = e;
        }
        return new RangeIdentityTable(start, end);
    }

    private static IdentityTable groupByLabel(RecordIoFile file, List<Long> keys) throws IOException {
        SortedMap<Float, List<Long>> byLabel = new TreeMap<>();
        for (long key : keys) {
            float label = header(file, key).label();
            if (!Float.isFinite(label)) throw new MalformedDataException(file.path() + " record " + key + ": label " + label);
            byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(key);
        }
        return new GroupedIdentityTable(byLabel);
    }

    private static List<Long> allKeys(RecordIoFile file) {
        List<Long> keys = new ArrayList<>(file.index().size());
        for (int i = 0; i < file.index().size(); i++) keys.add(file.index().keyAt(i));
        return keys;
    }

    private static long exactKey(float value, RecordIoFile file, String what) throws MalformedDataException {
        long v = (long) value;
        if (v != value) throw new MalformedDataException(file.path() + " " + what + " is not an integer: " + value);
        return v;
    }

    private static IRHeader header(RecordIoFile file, long key) throws MalformedDataException {
        byte[] payload = file.read(key);
        try {
            return IRHeader.parse(payload);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(file.path() + " record " + key + ": " + e.getMessage());
        }
    }

    /** Reads the class count from "num_classes,h,w"; empty when the file is absent. */
    static OptionalInt readProperty(Path property) throws IOException {
        if (!Files.isRegularFile(property)) return OptionalInt.empty();
        String text = Files.readString(property, StandardCharsets.US_ASCII).trim();
        String[] parts = text.split(",");
        try {
            return OptionalInt.of(Integer.parseInt(parts[0].trim()));
        } catch (NumberFormatException e) {
            throw new MalformedDataException(property + ": expected 'num_classes,height,width', got '" + text + "'");
        }
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

    public Layout layout() {
        return layout;
    }

    /** num_classes from the property file, if there was one. */
    public OptionalInt propertyClassCount() {
        return propertyClassCount;
    }

    public RecordIoFile file() {
        return file;
    }

    /** The encoded image (JPEG/PNG bytes as stored) of one image record. */
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
