package org.protoface.data;

import java.io.IOException;

/**
 * A data file whose structure is wrong (truncated RecordIO frame, index pointing nowhere, bad list
 * line, refused pickle). Unlike {@link CorruptRecordException}, which concerns one image a loader
 * may skip, this makes the whole source unusable. The message names the file and the position.
 */
public class MalformedDataException extends IOException {
    public MalformedDataException(String message) {
        super(message);
    }

    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
