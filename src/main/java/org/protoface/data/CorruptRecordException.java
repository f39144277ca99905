package org.protoface.data;

/** A stored image or record that cannot be decoded; the message names the file and record. */
public class CorruptRecordException extends Exception {
    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
