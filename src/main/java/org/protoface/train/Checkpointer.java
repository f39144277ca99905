package org.protoface.train;

import org.protoface.torch.NativeErrors;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.protoface.util.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoint files in {@code <out>/checkpoints/}, named by step. Each is written to a temporary
 * file and renamed, so an interrupted write never replaces the previous checkpoint; on resume an
 * unreadable newest file is reported and the one before it is used.
 */
public final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.pt");

    private final Path dir;
    private final int keep;

    /**
     * @param dir  the run's checkpoints folder
     * @param keep how many newest checkpoint files to keep (at least 1; older ones are deleted)
     */
    public Checkpointer(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    /** The checkpoints folder. */
    public Path dir() {
        return dir;
    }

    /** Writes the checkpoint of the state after {@code step} steps and prunes old ones. */
    public Path save(long step, Consumer<OutputArchive> content) throws IOException {
        Path target = dir.resolve(String.format("step-%09d.pt", step));
        AtomicFiles.write(target, tmp -> {
            OutputArchive archive = new OutputArchive();
            content.accept(archive);
            archive.save_to(tmp.toString());
        });
        prune();
        return target;
    }

    /** Checkpoint files, newest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort((a, b) -> Long.compare(stepOf(b), stepOf(a)));
        return files;
    }

    /** The newest checkpoint that loads, with the archive read; empty when there is none. */
    public Optional<Loaded> loadLatest() throws IOException {
        for (Path p : list()) {
            try {
                InputArchive archive = new InputArchive();
                archive.load_from(p.toString());
                return Optional.of(new Loaded(p, stepOf(p), archive));
            } catch (RuntimeException e) {
                LOG.warn("checkpoint {} is unreadable ({}); trying the previous one", p, NativeErrors.firstLine(e.getMessage(), "unknown error"));
            }
        }
        return Optional.empty();
    }

    /**
     * A checkpoint opened for resuming.
     *
     * @param path    the file
     * @param step    steps done when it was written
     * @param archive its contents, for the encoder, head, optimizer and sampler to load
     */
    public record Loaded(Path path, long step, InputArchive archive) {}

    /**
     * The steps done recorded in a checkpoint file name ({@code step-NNNNNNNNN.pt}).
     *
     * @throws IllegalArgumentException for a name that is not a checkpoint's
     */
    public static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException("not a checkpoint file name: " + p);
        return Long.parseLong(m.group(1));
    }


    private void prune() throws IOException {
        List<Path> files = list();
        for (int i = keep; i < files.size(); i++) Files.deleteIfExists(files.get(i));
    }
}
