package org.protoface.data.recordio;

import org.protoface.util.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.protoface.data.recordio.RecordIoFormat.*;

/**
 * Writes a .rec file and its .idx. Both go to temporary files in the target folder and are moved
 * into place by {@link #commit()}, so a crash never leaves a half-written set under the final
 * names; {@link #close()} without commit deletes the temporaries.
 */
public final class RecordIoWriter implements Closeable {
    private final Path rec;
    private final Path idx;
    private final Path recTmp;
    private final Path idxTmp;
    private final OutputStream recOut;
    private final BufferedWriter idxOut;
    private long position;
    private long splitRecords;
    private boolean committed;

    /**
     * Starts writing {@code rec} and {@code idx} through temporary siblings (creating the folder); nothing appears
     * under the final names until the writer commits.
     *
     * @throws IOException if the folder or the temporary files cannot be created
     */
    public RecordIoWriter(Path rec, Path idx) throws IOException {
        this.rec = rec;
        this.idx = idx;
        Path dir = rec.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        recTmp = AtomicFiles.temporarySibling(rec);
        idxTmp = AtomicFiles.temporarySibling(idx);
        recOut = new BufferedOutputStream(Files.newOutputStream(recTmp), 1 << 20);
        idxOut = Files.newBufferedWriter(idxTmp, StandardCharsets.US_ASCII);
    }

    /** Appends a record under {@code key} and records its offset in the index. */
    public void write(long key, byte[] payload) throws IOException {
        idxOut.write(key + "\t" + position + "\n");
        writeFrames(payload);
    }

    /**
     * Frames {@code payload} as the dmlc writer does: the magic number is looked for only at
     * 4-byte aligned positions (a reader resynchronising after damage scans aligned words), each
     * occurrence is dropped and the data around it become frames with cflag 1 (first), 2 (middle)
     * and 3 (last). Parts before the last are multiples of 4 long and need no padding.
     */
    private void writeFrames(byte[] payload) throws IOException {
        if (payload.length > MAX_FRAME_LENGTH) {
            throw new IOException("record of " + payload.length + " bytes exceeds the RecordIO limit of " + MAX_FRAME_LENGTH);
        }
        int partStart = 0;
        for (int i = 0; i + 4 <= payload.length; i += 4) {
            if (intLE(payload, i) == MAGIC) {
                writeFrame(partStart == 0 ? FIRST : MIDDLE, payload, partStart, i - partStart);
                partStart = i + 4;
                splitRecords++;
            }
        }
        writeFrame(partStart == 0 ? WHOLE : LAST, payload, partStart, payload.length - partStart);
    }

    private void writeFrame(int cflag, byte[] data, int from, int length) throws IOException {
        writeIntLE(MAGIC);
        writeIntLE(encodeLrec(cflag, length));
        recOut.write(data, from, length);
        long pad = padded(length) - length;
        for (int i = 0; i < pad; i++) recOut.write(0);
        position += FRAME_HEADER_BYTES + length + pad;
    }

    private void writeIntLE(int v) throws IOException {
        for (int shift = 0; shift < 32; shift += 8) recOut.write(v >>> shift);
    }

    private static int intLE(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    /** Bytes written to the .rec so far. */
    public long position() {
        return position;
    }

    /** Magic-number occurrences that forced a record split (informational). */
    public long splitCount() {
        return splitRecords;
    }

    /** Closes both files and moves them to their final names (same folder, atomic rename). */
    public void commit() throws IOException {
        recOut.flush();
        idxOut.flush();
        recOut.close();
        idxOut.close();
        Files.move(recTmp, rec, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(idxTmp, idx, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) return;
        try {
            recOut.close();
            idxOut.close();
        } finally {
            Files.deleteIfExists(recTmp);
            Files.deleteIfExists(idxTmp);
        }
    }
}
