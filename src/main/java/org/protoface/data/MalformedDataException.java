package org.protoface.data;

import java.io.IOException;

/**
 * A data file whose structure is wrong (truncated RecordIO frame, index pointing nowhere, bad list
 * line, refused pickle). Unlike {@link CorruptRecordException}, which concerns one image a loader
 * may skip, this makes the whole source unusable. The message names the file and the position.
 */
public class MalformedDataException extends IOException {
    /** @param message names the file and the position of the malformed data */
    public MalformedDataException(String message) {
        super(message);
    }

    /**
     * @param message names the file and the position of the malformed data
     * @param cause   the underlying failure
     */
    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
