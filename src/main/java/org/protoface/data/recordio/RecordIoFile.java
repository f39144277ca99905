package org.protoface.data.recordio;

import org.protoface.data.MalformedDataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.protoface.data.recordio.RecordIoFormat.*;

/**
 * Read access to a RecordIO file, memory-mapped (never loaded into the heap), with random access
 * by key through its .idx. Thread-safe: reads share the mappings and keep no cursor.
 */
public final class RecordIoFile {
    private final Path rec;
    private final MappedChunks data;
    private final RecordIndex index;   // null when opened without an index

    private RecordIoFile(Path rec, MappedChunks data, RecordIndex index) {
        this.rec = rec;
        this.data = data;
        this.index = index;
    }

    /** Opens {@code rec} with the index {@code idx}, mapped in chunks of at most 1 GiB. */
    public static RecordIoFile open(Path rec, Path idx) throws IOException {
        return open(rec, idx, MappedChunks.MAX_CHUNK);
    }

    /**
     * As {@link #open(Path, Path)} with an explicit mapping chunk size (tests use tiny chunks to
     * exercise records spanning chunk boundaries). {@code idx} may be null for sequential reading.
     */
    public static RecordIoFile open(Path rec, Path idx, long chunkSize) throws IOException {
        if (!Files.isRegularFile(rec)) throw new MalformedDataException("record file " + rec + " does not exist");
        RecordIndex index = idx == null ? null : RecordIndex.read(idx);
        MappedChunks data = new MappedChunks(rec, chunkSize);
        if (index != null) {
            long[] last = index.maxOffsetEntry();
            if (last[1] + FRAME_HEADER_BYTES > data.size()) {
                throw new MalformedDataException("index " + idx + " gives offset " + last[1] + " for key " + last[0]
                        + ", past the end of " + rec + " (" + data.size() + " bytes): truncated .rec or wrong .idx");
            }
        }
        return new RecordIoFile(rec, data, index);
    }

    /** The {@code .rec} file. */
    public Path path() {
        return rec;
    }

    /** Size of the {@code .rec} file in bytes. */
    public long sizeBytes() {
        return data.size();
    }

    /** The index, or throws if the file was opened without one. */
    public RecordIndex index() {
        if (index == null) throw new IllegalStateException(rec + " was opened without an index");
        return index;
    }

    /** The payload of the record with this key (parts of a split record joined). */
    public byte[] read(long key) throws MalformedDataException {
        return readAt(indexedOffset(key)).payload();
    }

    /** The offset the index gives for {@code key}, checked to hold a record start. */
    private long indexedOffset(long key) throws MalformedDataException {
        long offset = index().offset(key);
        if (offset >= data.size() || data.size() - offset < FRAME_HEADER_BYTES
                || data.readIntLE(offset) != MAGIC) {
            throw new MalformedDataException("index " + index.file() + " gives offset " + offset + " for key " + key
                    + " but " + rec + " has no record magic there (file size " + data.size() + ")");
        }
        return offset;
    }

    /**
     * The first bytes of a record's payload, read without copying the rest: enough for its header
     * when a file's layout has to be checked record by record.
     *
     * @param bytes    at most {@code maxBytes} bytes from the start of the first frame
     * @param complete whether {@code bytes} is the whole payload (an unsplit record no longer than
     *                 {@code maxBytes})
     */
    public record Prefix(byte[] bytes, boolean complete) {}

    /** Up to {@code maxBytes} leading payload bytes of the record with this key. */
    public Prefix readPrefix(long key, int maxBytes) throws MalformedDataException {
        long offset = indexedOffset(key);
        int lrec = checkedFrameHeader(offset);
        int length = frameLength(lrec);
        int n = Math.min(length, maxBytes);
        byte[] bytes = new byte[n];
        data.read(offset + FRAME_HEADER_BYTES, bytes, 0, n);
        return new Prefix(bytes, continuationFlag(lrec) == WHOLE && length <= maxBytes);
    }

    /** One logical record: its payload and the offset just past its last frame. */
    public record Record(long offset, byte[] payload, long nextOffset) {}

    /**
     * Reads the logical record starting at {@code offset}: a whole frame (cflag 0) or a run of
     * frames with cflag 1, 2.., 3 whose data are joined with the magic number re-inserted, since the
     * writer dropped each occurrence of the magic at the split points.
     */
    public Record readAt(long offset) throws MalformedDataException {
        long pos = offset;
        ByteArrayOutputStream joined = null;
        while (true) {
            long frameStart = pos;
            int lrec = checkedFrameHeader(frameStart);
            int cflag = continuationFlag(lrec);
            int length = frameLength(lrec);
            pos += FRAME_HEADER_BYTES;
            byte[] part = new byte[length];
            data.read(pos, part, 0, length);
            pos = Math.min(data.size(), pos + padded(length));

            boolean first = joined == null;
            if (first && cflag == WHOLE) return new Record(offset, part, pos);
            if (first && cflag != FIRST || !first && cflag != MIDDLE && cflag != LAST) {
                throw new MalformedDataException(rec + ": unexpected continuation flag " + cflag + " in frame at offset "
                        + frameStart + " (record starting at " + offset + ")");
            }
            if (first) {
                joined = new ByteArrayOutputStream(length * 2);
            } else {
                writeMagic(joined);
            }
            joined.write(part, 0, length);
            if (cflag == LAST) return new Record(offset, joined.toByteArray(), pos);
        }
    }

    /**
     * The lrec word of the frame at {@code frameStart}, after checking that its header and the
     * data it declares lie inside the file and that it starts with the magic.
     */
    private int checkedFrameHeader(long frameStart) throws MalformedDataException {
        if (data.size() - frameStart < FRAME_HEADER_BYTES) {
            throw new MalformedDataException("truncated " + rec + ": frame header at offset " + frameStart
                    + " runs past the end of the file (" + data.size() + " bytes)");
        }
        int magic = data.readIntLE(frameStart);
        if (magic != MAGIC) {
            throw new MalformedDataException(rec + ": expected record magic 0xced7230a at offset " + frameStart
                    + ", found 0x" + Integer.toHexString(magic));
        }
        int lrec = data.readIntLE(frameStart + 4);
        long available = data.size() - frameStart - FRAME_HEADER_BYTES;
        if (available < frameLength(lrec)) {
            throw new MalformedDataException("truncated " + rec + ": record at offset " + frameStart + " declares "
                    + frameLength(lrec) + " data bytes but the file ends " + available + " bytes later");
        }
        return lrec;
    }

    private static void writeMagic(ByteArrayOutputStream out) {
        for (int shift = 0; shift < 32; shift += 8) out.write(MAGIC >>> shift);
    }
}
