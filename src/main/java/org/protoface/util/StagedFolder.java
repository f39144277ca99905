package org.protoface.util;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fills an output folder all or nothing: files are written into a hidden staging folder next to
 * the target and moved into place by {@link #commit()}; closing without a commit deletes the
 * staging folder, so a command that fails half-way leaves the target as it was. A target that
 * does not exist yet appears with one rename; into an existing folder the files are moved one by
 * one (each rename atomic, the set not).
 */
public final class StagedFolder implements AutoCloseable {
    private final Path target;
    private final Path stage;
    private boolean committed;

    private StagedFolder(Path target, Path stage) {
        this.target = target;
        this.stage = stage;
    }

    /**
     * @throws OutputWriteException naming {@code target} when its folder cannot be written
     */
    public static StagedFolder open(Path target) throws IOException {
        Path t = target.toAbsolutePath();
        if (Files.exists(t) && !Files.isDirectory(t)) {
            throw new OutputWriteException(target, new FileSystemException(target.toString(), null, "is a file, not a folder"));
        }
        Path stage = AtomicFiles.temporarySibling(t);
        try {
            Files.createDirectory(stage);
        } catch (FileSystemException e) {
            throw new OutputWriteException(target, e);
        }
        return new StagedFolder(t, stage);
    }

    /** Where to write {@code relative} now; it reaches the target folder at {@link #commit()}. */
    public Path resolve(String relative) {
        return stage.resolve(relative);
    }

    /** Moves everything staged into the target folder. */
    public void commit() throws IOException {
        if (!Files.exists(target)) {
            Files.move(stage, target);
        } else {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(stage)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                Path dest = target.resolve(stage.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                AtomicFiles.moveIntoPlace(f, dest);
            }
        }
        committed = true;
        close();
    }

    /** Deletes the staging folder (and whatever a failed command left in it). */
    @Override
    public void close() throws IOException {
        if (!Files.exists(stage)) return;
        try (Stream<Path> walk = Files.walk(stage)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Whether {@link #commit()} has run. */
    public boolean committed() {
        return committed;
    }
}
