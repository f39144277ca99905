package org.protoface.data.recordio;

import org.protoface.data.MalformedDataException;
import org.protoface.data.TextLines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The key -> byte offset table of a .idx file (text lines {@code key<TAB>offset}). Stored in
 * primitive arrays because large sets have tens of millions of records: when the keys form one
 * contiguous run (the usual case) only the offsets are kept, indexed by key - firstKey; otherwise
 * keys and offsets are kept sorted by key and looked up by binary search.
 */
public final class RecordIndex {
    private final Path file;
    private final long firstKey;        // dense mode: key of offsets[0]
    private final long[] sortedKeys;    // null in dense mode
    private final long[] offsets;

    private RecordIndex(Path file, long firstKey, long[] sortedKeys, long[] offsets) {
        this.file = file;
        this.firstKey = firstKey;
        this.sortedKeys = sortedKeys;
        this.offsets = offsets;
    }

    /**
     * Reads a {@code .idx} file of {@code key<TAB>offset} lines (blank lines skipped); unsorted keys are sorted.
     *
     * @throws MalformedDataException if a line is malformed (the message names the line), or the index has no records
     * @throws IOException            if the file cannot be read
     */
    public static RecordIndex read(Path idx) throws IOException {
        LongList keys = new LongList();
        LongList offsets = new LongList();
        TextLines.forEach(idx, (lineNo, line) -> {
            if (line.isBlank()) return;
            int tab = line.indexOf('\t');
            if (tab < 0) throw bad(idx, lineNo, "expected 'key<TAB>offset'", line);
            long key = field(idx, lineNo, "key", line.substring(0, tab), line);
            long offset = field(idx, lineNo, "offset", line.substring(tab + 1), line);
            keys.add(key);
            offsets.add(offset);
        });
        return build(idx, keys.toArray(), offsets.toArray());
    }

    private static RecordIndex build(Path idx, long[] keys, long[] offsets) throws MalformedDataException {
        int n = keys.length;
        if (n == 0) throw new MalformedDataException("index " + idx + " has no records");
        Integer[] order = null;
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) sorted = keys[i] > keys[i - 1];
        if (!sorted) {
            order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            final long[] k = keys;
            Arrays.sort(order, (a, b) -> Long.compare(k[a], k[b]));
            long[] sk = new long[n];
            long[] so = new long[n];
            for (int i = 0; i < n; i++) {
                sk[i] = keys[order[i]];
                so[i] = offsets[order[i]];
            }
            keys = sk;
            offsets = so;
            for (int i = 1; i < n; i++) {
                if (keys[i] == keys[i - 1]) {
                    throw new MalformedDataException("index " + idx + " lists key " + keys[i] + " twice");
                }
            }
        }
        boolean dense = keys[n - 1] - keys[0] == n - 1;
        return dense ? new RecordIndex(idx, keys[0], null, offsets) : new RecordIndex(idx, 0, keys, offsets);
    }

    /** A non-negative integer field of an index line; the error names the file, line and field. */
    private static long field(Path idx, int lineNo, String name, String text, String line) throws MalformedDataException {
        try {
            long v = Long.parseLong(text.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below with the field's name
        }
        throw bad(idx, lineNo, "field '" + name + "' must be a non-negative integer, got '" + text.trim() + "' (expected 'key<TAB>offset')", line);
    }

    private static MalformedDataException bad(Path idx, int lineNo, String what, String line) {
        return new MalformedDataException(idx + " line " + lineNo + ": " + what + ", got '" + line + "'");
    }

    /** The {@code .idx} file this index was read from. */
    public Path file() {
        return file;
    }

    /** Number of records in the index. */
    public int size() {
        return offsets.length;
    }

    /** Whether a record with this key is in the index. */
    public boolean contains(long key) {
        return position(key) >= 0;
    }

    /** Byte offset of the record with this key in the .rec file. */
    public long offset(long key) throws MalformedDataException {
        int pos = position(key);
        if (pos < 0) throw new MalformedDataException("key " + key + " is not in index " + file);
        return offsets[pos];
    }

    /** The largest offset listed, with its key, as {key, offset}; a cheap sanity check against the file size. */
    public long[] maxOffsetEntry() {
        int best = 0;
        for (int i = 1; i < offsets.length; i++) if (offsets[i] > offsets[best]) best = i;
        return new long[] {keyAt(best), offsets[best]};
    }

    /** The i-th key in ascending order. */
    public long keyAt(int i) {
        return sortedKeys == null ? firstKey + i : sortedKeys[i];
    }

    private int position(long key) {
        if (sortedKeys == null) {
            long pos = key - firstKey;
            return pos >= 0 && pos < offsets.length ? (int) pos : -1;
        }
        int pos = Arrays.binarySearch(sortedKeys, key);
        return pos >= 0 ? pos : -1;
    }

    /** A growable long array: boxing tens of millions of Longs would cost gigabytes. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, values.length * 2);
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
