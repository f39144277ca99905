package org.protoface.data.recordio;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file mapped in fixed-size chunks. A single MappedByteBuffer is limited to 2 GiB and
 * training sets exceed 100 GiB, so the file is covered by several mappings; reads that cross a
 * chunk boundary are stitched together. Only absolute gets are used, so concurrent reads are safe.
 * The pages live in the OS page cache, not on the Java heap.
 */
final class MappedChunks {
    /** Largest chunk; 1 GiB keeps offsets comfortably inside int and mapping counts small. */
    static final long MAX_CHUNK = 1L << 30;

    private final long size;
    private final long chunkSize;
    private final MappedByteBuffer[] chunks;

    MappedChunks(Path file, long chunkSize) throws IOException {
        if (chunkSize <= 0 || chunkSize > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk size must be in 1.." + MAX_CHUNK + ": " + chunkSize);
        }
        this.chunkSize = chunkSize;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            int count = (int) ((size + chunkSize - 1) / chunkSize);
            chunks = new MappedByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = i * chunkSize;
                long length = Math.min(chunkSize, size - start);
                chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
                chunks[i].order(ByteOrder.LITTLE_ENDIAN);
            }
            // the mappings stay valid after the channel is closed
        }
    }

    long size() {
        return size;
    }

    /** Copies {@code length} bytes starting at file position {@code position}; caller checks bounds. */
    void read(long position, byte[] dst, int offset, int length) {
        while (length > 0) {
            int chunk = (int) (position / chunkSize);
            int within = (int) (position % chunkSize);
            int n = Math.min(length, chunks[chunk].limit() - within);
            chunks[chunk].get(within, dst, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    /** Little-endian uint32 at {@code position} as a Java int (bit pattern preserved). */
    int readIntLE(long position) {
        int chunk = (int) (position / chunkSize);
        int within = (int) (position % chunkSize);
        if (within + 4 <= chunks[chunk].limit()) return chunks[chunk].getInt(within);
        byte[] b = new byte[4];
        read(position, b, 0, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }
}
