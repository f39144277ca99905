package org.protoface.data.recordio;

/**
 * Constants of MXNet / dmlc RecordIO framing: each physical frame is uint32 magic, uint32 lrec
 * (continuation flag in the top 3 bits, data length in the low 29), the data, zero padding to 4.
 */
public final class RecordIoFormat {
    private RecordIoFormat() {}

    public static final int MAGIC = 0xced7230a;
    public static final int FRAME_HEADER_BYTES = 8;
    public static final int MAX_FRAME_LENGTH = (1 << 29) - 1;

    /** Continuation flags: a whole record, or first / middle / last part of a split record. */
    public static final int WHOLE = 0;
    public static final int FIRST = 1;
    public static final int MIDDLE = 2;
    public static final int LAST = 3;

    /**
     * The continuation flag (upper 3 bits) of a frame's length word {@code lrec}: {@link #WHOLE}, {@link #FIRST},
     * {@link #MIDDLE} or {@link #LAST}.
     */
    public static int continuationFlag(int lrec) {
        return lrec >>> 29;
    }

    /** The data length in bytes (lower 29 bits) of a frame's length word {@code lrec}, before padding. */
    public static int frameLength(int lrec) {
        return lrec & MAX_FRAME_LENGTH;
    }

    /**
     * The length word of a frame: {@code cflag} in the upper 3 bits, {@code length} bytes (at most
     * {@link #MAX_FRAME_LENGTH}, not checked here) in the lower 29.
     */
    public static int encodeLrec(int cflag, int length) {
        return (cflag << 29) | length;
    }

    /** Data length rounded up to the 4-byte alignment every frame keeps. */
    public static long padded(long length) {
        return (length + 3) & ~3L;
    }
}
