package org.protoface.data;

/** A stored image or record that cannot be decoded; the message names the file and record. */
public class CorruptRecordException extends Exception {
    /** @param message names the file and record that cannot be decoded */
    public CorruptRecordException(String message) {
        super(message);
    }

    /**
     * @param message names the file and record that cannot be decoded
     * @param cause   the decoder's own failure
     */
    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
