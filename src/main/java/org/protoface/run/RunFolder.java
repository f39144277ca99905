package org.protoface.run;

import org.protoface.train.Checkpointer;

import org.protoface.util.Folders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output folder of one run, and the rule that keeps two runs from mixing in it: a new run
 * needs an empty (or absent) folder; {@code --resume} continues the run already there;
 * {@code --overwrite} removes that run's files first. Otherwise checkpoints of two runs would be
 * pruned against each other and metrics.jsonl would hold both.
 */
public final class RunFolder {
    /** The files and folders a run writes; --overwrite removes exactly these. */
    static final List<String> RUN_FILES = List.of("config.yaml", "metrics.jsonl", "checkpoints", "model", "eval.json",
            "roc.png", "eval-sets.json", "evals", "result.json");

    /** Where {@code --nproc} keeps each rank's output; a new run may find it there (the launcher made it). */
    static final String LOGS = "logs";

    /** How a run treats what is already in its folder. */
    public enum Mode {
        /** Refuse a folder that is not empty. */
        NEW,
        /** Continue the run in the folder (its config.yaml and newest checkpoint). */
        RESUME,
        /** Remove the previous run's files, then start afresh. */
        OVERWRITE
    }

    private RunFolder() {}

    /** Saved configuration of the run in {@code dir}. */
    public static Path configFile(Path dir) {
        return dir.resolve("config.yaml");
    }

    /**
     * Makes {@code dir} ready for a run in {@code mode} (creating it).
     *
     * @throws IllegalArgumentException for a non-empty folder without --resume or --overwrite, naming
     *                                  what is there and what to do
     */
    public static void prepare(Path dir, Mode mode) throws IOException {
        if (mode == Mode.OVERWRITE) {
            for (String f : RUN_FILES) Folders.deleteTree(dir.resolve(f));
        } else if (mode == Mode.NEW) {
            requireNew(dir);
        }
        Files.createDirectories(dir);
    }

    /**
     * Fails when {@code dir} cannot hold a new run: it is a file, or holds anything but the
     * launcher's rank logs. Checked by {@link #prepare} and, before any rank starts, by the
     * launcher of several ranks.
     *
     * @throws IllegalArgumentException naming the folder, what is there and what to do
     */
    public static void requireNew(Path dir) throws IOException {
        List<String> there = contents(dir);
        if (!there.isEmpty()) {
            throw new IllegalArgumentException("run folder " + dir + " is not empty (" + String.join(", ", there)
                    + "): add --resume to continue that run, --overwrite to replace it, or choose another --out");
        }
    }

    /**
     * Fails unless {@code dir} holds a checkpoint to resume from: {@code --resume} on an empty or
     * absent folder would otherwise start a whole new run without a word.
     *
     * @throws IllegalArgumentException naming the folder and what to do
     * @throws IOException              if the checkpoints folder cannot be listed
     */
    public static void requireCheckpoint(Path dir) throws IOException {
        // step folders as train.Checkpointer writes them, or its older one-file checkpoints (the
        // resume then reaches the Checkpointer's own message about those)
        boolean any = new Checkpointer(dir.resolve("checkpoints"), 1).holdsAny();
        if (!any) {
            throw new IllegalArgumentException("nothing to resume in " + dir + ": no checkpoints/step-*; drop --resume to start a new run");
        }
    }

    private static List<String> contents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) throw new IllegalArgumentException("run folder " + dir + " is a file, not a folder");
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            // the launcher of several ranks opens their log files before rank 0 prepares the folder
            return s.filter(p -> !p.getFileName().toString().equals(LOGS)).map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).sorted().limit(6).toList();
        }
    }
}
