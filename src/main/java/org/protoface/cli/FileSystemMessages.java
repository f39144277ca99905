package org.protoface.cli;

import org.protoface.torch.NativeErrors;
import org.protoface.util.OutputWriteException;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one-line message of a failure for the console. Java's file system exceptions
 * ({@link NoSuchFileException}, {@link AccessDeniedException}, ...) carry only a path as their
 * message; this says which file, why (a file where a folder is needed, permission denied,
 * read-only file system, no such folder, disk full) and what to do, looking at the file system
 * where the exception's type alone does not tell. An {@link UncheckedIOException} is reported by
 * its cause, so no exception class name reaches the user.
 */
final class FileSystemMessages {
    private FileSystemMessages() {}

    /** The console line (without the "protoface: " prefix) for a user-facing failure. */
    static String of(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof OutputWriteException o) return output(o.target(), o.fileSystemCause());
        if (t instanceof FileSystemException f) return plain(f);
        return NativeErrors.firstLine(t.getMessage(), t.getClass().getSimpleName());
    }

    /** Writing {@code target} failed with {@code cause} (which may be about a folder above it or a temporary sibling). */
    static String output(Path target, FileSystemException cause) {
        String head = "cannot write " + target + ": ";
        Path folder = target.toAbsolutePath().getParent();
        Path blocker = fileInTheWay(target);
        if (blocker != null) return head + blocker + " is a file, not a folder; choose an output path inside a folder";
        String reason = reason(cause);
        if (cause instanceof AccessDeniedException || reason.contains("permission denied") || reason.contains("operation not permitted")) {
            return head + "permission denied in " + existingAncestor(folder) + "; choose a folder you can write to";
        }
        if (reason.contains("read-only file system")) return head + "read-only file system; choose a folder on a writable disk";
        if (reason.contains("no space left")) return head + "the disk is full; free some space or choose another disk";
        if (reason.contains("is a folder")) return head + "it is a folder; give a file name";
        if (cause instanceof NoSuchFileException) {
            Path existing = existingAncestor(folder);
            return existing.equals(folder)
                    ? head + "folder " + folder + " does not accept new files; choose another folder"
                    : head + "no such folder " + folder + ", and it cannot be created in " + existing + "; choose another folder";
        }
        return head + (cause.getReason() != null ? cause.getReason() : cause.getClass().getSimpleName()) + "; choose another output path";
    }

    /** A file system failure not known to be about an output: reading an input, or creating a folder. */
    static String plain(FileSystemException e) {
        Path file = Path.of(e.getFile() == null ? "?" : e.getFile());
        String reason = reason(e);
        Path blocker = fileInTheWay(file);
        if (e instanceof NotDirectoryException || reason.contains("not a directory") || (e instanceof FileAlreadyExistsException && blocker != null)) {
            return file + ": " + (blocker != null ? blocker + " is a file, not a folder" : "not a folder") + "; check the path";
        }
        if (e instanceof AccessDeniedException || reason.contains("permission denied")) return file + ": permission denied; check its permissions or choose another path";
        if (reason.contains("read-only file system")) return file + ": read-only file system; choose a folder on a writable disk";
        if (reason.contains("no space left")) return file + ": the disk is full; free some space or choose another disk";
        if (e instanceof NoSuchFileException) {
            if (e.getReason() != null) return file + ": " + e.getReason();
            Path parent = file.toAbsolutePath().getParent();
            return parent != null && !Files.isDirectory(parent) ? file + ": no such folder " + parent + "; check the path"
                    : file + ": no such file or folder; check the path";
        }
        if (e instanceof FileAlreadyExistsException) return file + ": already exists; choose another path";
        if (e instanceof DirectoryNotEmptyException) return file + ": folder is not empty; choose another path";
        return file + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
    }

    private static String reason(FileSystemException e) {
        return e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
    }

    /** The first path at or above {@code p}'s folder that exists but is not a folder, or null. */
    private static Path fileInTheWay(Path p) {
        for (Path a = p.toAbsolutePath().getParent(); a != null; a = a.getParent()) {
            if (Files.isDirectory(a)) return null;
            if (Files.exists(a)) return a;
        }
        return null;
    }

    private static Path existingAncestor(Path p) {
        Path a = p;
        while (a != null && !Files.exists(a)) a = a.getParent();
        return a == null ? p.getRoot() : a;
    }
}
