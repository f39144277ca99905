package org.protoface.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that a reader sees either the old content or the new, never a half-written
 * file: the bytes go to a temporary file in the same folder, which is then renamed over the target.
 * The temporary file is created with the process's normal permissions (not the owner-only ones of
 * {@code Files.createTempFile}), so a packed dataset or a model is readable like any other file.
 */
public final class AtomicFiles {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {}

    /** Fills a temporary file that is then renamed onto the target. */
    @FunctionalInterface
    public interface PathWriter {
        /**
         * Writes the content to {@code temporary} (a sibling of the target).
         *
         * @throws IOException to abandon the write; the target is left as it was
         */
        void writeTo(Path temporary) throws IOException;
    }

    /** Writes the content to a stream that is then renamed onto the target. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * Writes the content to {@code out}.
         *
         * @throws IOException to abandon the write; the target is left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Lets {@code writer} fill a temporary sibling of {@code target}, then renames it into place.
     *
     * @throws OutputWriteException naming {@code target} (not the temporary file) when the file
     *                              system refuses (its exception is the cause)
     */
    public static void write(Path target, PathWriter writer) throws IOException {
        write(target, writer, false);
    }

    /**
     * Like {@link #write(Path, PathWriter)}, but the file is created readable and writable by its
     * owner only (rw-------) before anything is written into it: for biometric data (embeddings,
     * identification results). No change on file systems without POSIX permissions.
     */
    public static void writeOwnerOnly(Path target, PathWriter writer) throws IOException {
        write(target, writer, true);
    }

    private static void write(Path target, PathWriter writer, boolean ownerOnly) throws IOException {
        Path tmp = null;
        try {
            tmp = temporarySibling(target);
            if (ownerOnly && POSIX) Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            writer.writeTo(tmp);
            moveIntoPlace(tmp, target);
        } catch (OutputWriteException e) {
            throw e;
        } catch (FileSystemException e) {
            throw new OutputWriteException(target, e);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /**
     * Checks, before a long computation, that {@code target} can be written: its folder is created
     * and a temporary sibling is created and deleted. A command with several outputs calls this
     * for each before writing any, so a bad second path does not leave the first one written.
     *
     * @throws OutputWriteException naming {@code target} when the file system refuses
     */
    public static void requireWritable(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new OutputWriteException(target, new FileSystemException(target.toString(), null, "is a folder; give a file name"));
        }
        Path tmp = null;
        try {
            tmp = temporarySibling(target);
            Files.createFile(tmp);
        } catch (FileSystemException e) {
            throw new OutputWriteException(target, e);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /** Streams the new content of {@code target} through a temporary sibling. */
    public static void writeStream(Path target, StreamWriter writer) throws IOException {
        write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
        });
    }

    /**
     * Writes {@code text} as UTF-8 to {@code target} atomically.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to {@code target} atomically.
     *
     * @throws IOException if the file cannot be written
     */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    /**
     * A fresh name next to {@code target} (same file system, so the final rename is atomic), hidden
     * and unique per process and call; its folder is created. The file itself is not created.
     */
    public static Path temporarySibling(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        return dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + ".tmp");
    }

    /** Renames a finished temporary file over {@code target}, atomically where the file system can. */
    public static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
