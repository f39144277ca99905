package org.protoface.pipeline.io;

import org.protoface.util.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a 2-D float32 array as a NumPy {@code .npy} file (format version 1.0: the magic string
 * "\x93NUMPY", version 1 0, a little-endian uint16 header length, an ASCII dict
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }} padded with spaces to a
 * multiple of 64 bytes and ending in a newline, then the values in C order). Written here because
 * no maintained Java library writes NPY; files are written atomically and readable by their owner only
 * (rows are face embeddings: biometric data, like a gallery).
 */
public final class NpyWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGN = 64;

    private NpyWriter() {}

    /**
     * @param rows n rows of d values each (n may be 0; then d = {@code columns})
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static void write(Path file, float[][] rows, int columns) throws IOException {
        int n = rows.length;
        for (int i = 0; i < n; i++) {
            if (rows[i].length != columns) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + columns);
        }
        byte[] header = header(n, columns);
        AtomicFiles.writeOwnerOnly(file, tmp -> {
            try (OutputStream raw = java.nio.file.Files.newOutputStream(tmp)) {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            out.write(MAGIC);
            out.write(header.length & 0xff);
            out.write((header.length >> 8) & 0xff);
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(columns * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : rows) {
                buf.clear();
                buf.asFloatBuffer().put(row);
                out.write(buf.array(), 0, columns * 4);
            }
            out.flush();
            }
        });
    }

    /** The header dict, space-padded so that magic + length + dict is a multiple of 64 bytes. */
    static byte[] header(int n, int d) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
        return (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

}
