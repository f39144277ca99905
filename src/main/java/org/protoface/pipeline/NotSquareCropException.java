package org.protoface.pipeline;

import org.protoface.data.CorruptRecordException;

import java.nio.file.Path;

/**
 * An image given as an aligned face crop ({@code --aligned}) that is not square. It decodes fine,
 * so callers that tell the two apart count it as "not square" rather than "unreadable"; like an
 * unreadable image it is named and skipped (it is a {@link CorruptRecordException}, so a caller
 * that does not distinguish still skips it).
 */
public final class NotSquareCropException extends CorruptRecordException {
    /**
     * @param file   the image
     * @param width  its width in pixels
     * @param height its height in pixels
     */
    public NotSquareCropException(Path file, int width, int height) {
        super(file + ": " + width + " x " + height + " is not square (an aligned face crop must be square); "
                + "leave out --aligned to detect and align its faces");
    }
}
