package org.protoface.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.protoface.distributed.ClassShard;
import org.protoface.distributed.Collectives;
import org.protoface.torch.NativeErrors;
import org.protoface.util.AtomicFiles;
import org.protoface.util.Folders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoints in {@code <out>/checkpoints/}, one folder per step ({@code step-000000250/}):
 * <ul>
 *   <li>{@code train.pt}: what every rank shares (encoder, optimizer state, the replicated part of
 *       the head, sampler position, random state, step), written by rank 0;</li>
 *   <li>{@code classes-<start>-<end>.pt}: the class rows a rank holds (weights or centres with
 *       their optimizer state), written by that rank; one file on one process;</li>
 *   <li>{@code checkpoint.json}: step, world size and the class files, written last.</li>
 * </ul>
 * Every rank writes into {@code step-N.tmp/}; after a barrier rank 0 renames it to {@code step-N/}.
 * The rename is the commit: a folder named {@code step-N} is complete, and a run that dies while
 * writing (a rank killed, a full disk) leaves the previous checkpoints as they were. With ranks on
 * several hosts the run folder must be shared between them. On resume an unreadable newest
 * checkpoint is reported and the one before it is used.
 */
public final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final Pattern NAME = Pattern.compile("step-(\\d+)");
    private static final Pattern LEGACY = Pattern.compile("step-(\\d+)\\.pt");
    static final String COMMON = "train.pt";
    static final String MANIFEST = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int keep;
    private final Collectives world;

    /**
     * @param dir  the run's checkpoints folder
     * @param keep how many newest checkpoint files to keep (at least 1; older ones are deleted)
     */
    public Checkpointer(Path dir, int keep) {
        this(dir, keep, Collectives.single());
    }

    /** @param world the ranks that write each checkpoint together (every rank calls {@link #save}) */
    public Checkpointer(Path dir, int keep, Collectives world) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
        this.world = world;
    }

    /** The checkpoints folder. */
    public Path dir() {
        return dir;
    }

    /**
     * The class rows one rank saves.
     *
     * @param shard   the classes the rank holds
     * @param content writes them (the head's state on that rank)
     */
    public record RankPart(ClassShard shard, Consumer<OutputArchive> content) {}

    /**
     * A class file of a checkpoint.
     *
     * @param start first class
     * @param end   one past the last class
     */
    public record ClassFile(@JsonProperty("rank") int rank, @JsonProperty("start") long start, @JsonProperty("end") long end,
                            @JsonProperty("file") String file) {
        static ClassFile of(ClassShard s) {
            return new ClassFile(s.rank(), s.start(), s.end(), "classes-" + s.start() + "-" + s.end() + ".pt");
        }

        /** Classes in this file. */
        public long count() {
            return end - start;
        }
    }

    /** What {@code checkpoint.json} says. */
    public record Manifest(@JsonProperty("step") long step, @JsonProperty("world_size") int worldSize,
                           @JsonProperty("num_classes") long numClasses, @JsonProperty("classes") List<ClassFile> classes) {}

    /**
     * Writes the checkpoint of the state after {@code step} steps and prunes old ones. Every rank
     * calls it (two barriers inside).
     *
     * @param common written by rank 0 only
     * @param part   this rank's class rows, or null when the head keeps none per rank
     * @return the checkpoint folder
     */
    public Path save(long step, Consumer<OutputArchive> common, RankPart part) throws IOException {
        String name = String.format("step-%09d", step);
        Path target = dir.resolve(name);
        Path staging = dir.resolve(name + ".tmp");
        boolean root = world.rank() == 0;
        if (root) {
            Folders.deleteTree(staging);
            Files.createDirectories(staging);
        }
        world.barrier();
        if (root) {
            OutputArchive archive = new OutputArchive();
            common.accept(archive);
            archive.save_to(staging.resolve(COMMON).toString());
        }
        if (part != null) {
            OutputArchive archive = new OutputArchive();
            part.content().accept(archive);
            archive.save_to(staging.resolve(ClassFile.of(part.shard()).file()).toString());
        }
        // every file is on disk before the folder gets its final name
        world.barrier();
        if (root) {
            List<ClassFile> files = new ArrayList<>();
            long classes = 0;
            if (part != null) {
                classes = part.shard().numClasses();
                for (int r = 0; r < world.worldSize(); r++) files.add(ClassFile.of(ClassShard.of(classes, r, world.worldSize())));
            }
            AtomicFiles.writeString(staging.resolve(MANIFEST),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new Manifest(step, world.worldSize(), classes, files)));
            commit(staging, target);
            prune(staging);
        }
        return target;
    }

    /** Renames the staged folder to its final name; a checkpoint of the same step already there is replaced. */
    private static void commit(Path staging, Path target) throws IOException {
        Path old = target.resolveSibling(target.getFileName() + ".old");
        if (Files.exists(target)) {
            Folders.deleteTree(old);
            Files.move(target, old);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
        Folders.deleteTree(old);
    }

    /** Checkpoint folders, newest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()).forEach(found::add);
        }
        found.sort((a, b) -> Long.compare(stepOf(b), stepOf(a)));
        return found;
    }

    /**
     * The newest checkpoint that loads, with its shared archive read; empty when there is none.
     *
     * @throws IllegalArgumentException when the folder holds only checkpoints of the older one-file format
     */
    public Optional<Loaded> loadLatest() throws IOException {
        for (Path p : list()) {
            try {
                Manifest manifest = JSON.readValue(p.resolve(MANIFEST).toFile(), Manifest.class);
                for (ClassFile f : manifest.classes()) {
                    if (!Files.isRegularFile(p.resolve(f.file()))) throw new IOException("class file " + f.file() + " is missing");
                }
                InputArchive archive = new InputArchive();
                archive.load_from(p.resolve(COMMON).toString());
                return Optional.of(new Loaded(p, stepOf(p), archive, manifest));
            } catch (IOException | RuntimeException e) {
                LOG.warn("checkpoint {} is unreadable ({}); trying the previous one", p, NativeErrors.firstLine(e.getMessage(), "unknown error"));
            }
        }
        Optional<Path> legacy = legacyFile();
        if (legacy.isPresent()) {
            throw new IllegalArgumentException("checkpoint " + legacy.get() + " was written by an earlier ProtoFace (one file per step);"
                    + " this version reads step folders: resume it with the version that wrote it, or start a new run");
        }
        return Optional.empty();
    }

    /**
     * Whether the folder holds any checkpoint to resume from: a step folder, readable or not, or a
     * file of the older one-file format (which {@link #loadLatest} then refuses with its own message).
     */
    public boolean holdsAny() throws IOException {
        return !list().isEmpty() || legacyFile().isPresent();
    }

    /** A checkpoint file of the older one-file format ({@code step-N.pt}), if the folder has one. */
    private Optional<Path> legacyFile() throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> LEGACY.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)).findFirst();
        }
    }

    /**
     * A checkpoint opened for resuming.
     *
     * @param path     the step folder
     * @param step     steps done when it was written
     * @param archive  the shared part ({@code train.pt}), for the encoder, optimizer and sampler to load
     * @param manifest what {@code checkpoint.json} says (world size, class files)
     */
    public record Loaded(Path path, long step, InputArchive archive, Manifest manifest) {}

    /** The step a checkpoint folder {@code step-N} holds. */
    public static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException("not a checkpoint folder name: " + p);
        return Long.parseLong(m.group(1));
    }

    /** Keeps the newest {@code keep} checkpoints; removes staging folders other than {@code current}'s. */
    private void prune(Path current) throws IOException {
        List<Path> all = list();
        for (int i = keep; i < all.size(); i++) Folders.deleteTree(all.get(i));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp") && !p.equals(current)).toList()) Folders.deleteTree(p);
        }
    }
}
