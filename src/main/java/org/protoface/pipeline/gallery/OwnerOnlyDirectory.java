package org.protoface.pipeline.gallery;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A Lucene directory whose files only their owner can read and write (rw-------) inside a folder
 * only the owner can enter (rwx------): a gallery holds biometric data. Every file Lucene creates
 * passes through {@link #createOutput} or {@link #createTempOutput}; renamed files keep their
 * permissions. On file systems without POSIX permissions nothing is changed.
 */
final class OwnerOnlyDirectory extends FilterDirectory {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path path;

    private OwnerOnlyDirectory(Directory in, Path path) {
        super(in);
        this.path = path;
    }

    /** Opens (creating it owner-only if absent) the folder as a Lucene directory. */
    static OwnerOnlyDirectory open(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            if (POSIX) Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            else Files.createDirectories(folder);
        }
        if (POSIX) Files.setPosixFilePermissions(folder, FOLDER);
        return new OwnerOnlyDirectory(FSDirectory.open(folder), folder);
    }

    Path path() {
        return path;
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        IndexOutput out = super.createOutput(name, context);
        restrict(name);
        return out;
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        IndexOutput out = super.createTempOutput(prefix, suffix, context);
        restrict(out.getName());
        return out;
    }

    /** Sets rw------- on a file of this directory if it exists (also used for Lucene's write.lock). */
    void restrict(String name) throws IOException {
        Path file = path.resolve(name);
        if (POSIX && Files.exists(file)) Files.setPosixFilePermissions(file, FILE);
    }
}
