package org.protoface.data.recordio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The 24-byte MXNet image-record header (uint32 flag, float32 label, uint64 id, uint64 id2, little
 * endian) plus the {@code flag} float32 labels that follow it when flag > 0.
 *
 * @param labels the label array when flag > 0, otherwise the single header label
 */
public record IRHeader(int flag, float[] labels, long id, long id2) {
    public static final int BYTES = 24;

    /** A header with one scalar label (flag 0). */
    public static IRHeader scalar(float label, long id) {
        return new IRHeader(0, new float[] {label}, id, 0);
    }

    /** A header carrying a label array (flag = labels.length). */
    public static IRHeader array(float[] labels, long id) {
        return new IRHeader(labels.length, labels.clone(), id, 0);
    }

    /** The first label: the identity id of an image record. */
    public float label() {
        return labels[0];
    }

    /** Bytes taken by the header and its label array; the encoded image starts here. */
    public int size() {
        return BYTES + 4 * flag;
    }

    /**
     * Parses the header at the start of {@code payload}.
     *
     * @throws IllegalArgumentException when the payload is shorter than the header it declares
     */
    public static IRHeader parse(byte[] payload) {
        if (payload.length < BYTES) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes is shorter than the 24-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int flag = b.getInt(0);
        float label = b.getFloat(4);
        long id = b.getLong(8);
        long id2 = b.getLong(16);
        if (flag == 0) return new IRHeader(0, new float[] {label}, id, id2);
        // flag is unsigned on disk; compare in long to reject negative-as-int values too
        long need = BYTES + 4L * Integer.toUnsignedLong(flag);
        if (need > payload.length) {
            throw new IllegalArgumentException("header declares " + Integer.toUnsignedLong(flag)
                    + " labels but the record has only " + payload.length + " bytes");
        }
        float[] labels = new float[flag];
        for (int i = 0; i < flag; i++) labels[i] = b.getFloat(BYTES + 4 * i);
        return new IRHeader(flag, labels, id, id2);
    }

    /** Header bytes followed by {@code image}, as stored in a record payload. */
    public byte[] encodeWith(byte[] image) {
        ByteBuffer b = ByteBuffer.allocate(size() + image.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(flag).putFloat(flag == 0 ? labels[0] : 0f).putLong(id).putLong(id2);
        if (flag > 0) for (float v : labels) b.putFloat(v);
        b.put(image);
        return b.array();
    }

    /** The encoded image that follows the header in {@code payload}. */
    public byte[] imageBytes(byte[] payload) {
        return Arrays.copyOfRange(payload, size(), payload.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IRHeader h && h.flag == flag && Arrays.equals(h.labels, labels) && h.id == id && h.id2 == id2;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels) * 31 + Long.hashCode(id) + flag;
    }

    @Override
    public String toString() {
        return "IRHeader[flag=" + flag + ", labels=" + Arrays.toString(labels) + ", id=" + id + ", id2=" + id2 + "]";
    }
}
