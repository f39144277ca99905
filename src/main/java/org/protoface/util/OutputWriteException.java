package org.protoface.util;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Writing an output file failed in the file system. {@link #getFile()} is the file the user asked
 * for (never the temporary sibling {@link AtomicFiles} writes through); the cause is the file
 * system's own exception, whose type and reason tell why (not a folder, permission denied,
 * read-only, no space).
 */
public final class OutputWriteException extends FileSystemException {
    private final Path target;

    /**
     * @param target the output file the user asked for
     * @param cause  the file system's refusal, about the target, a temporary sibling or a folder above
     */
    public OutputWriteException(Path target, FileSystemException cause) {
        super(target.toString(), cause.getFile(), cause.getReason());
        this.target = target;
        initCause(cause);
    }

    /** The output file that could not be written. */
    public Path target() {
        return target;
    }

    /** What the file system refused: its exception, with the path it was about (maybe a folder above the target). */
    public FileSystemException fileSystemCause() {
        return (FileSystemException) getCause();
    }
}
