package org.protoface.train;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.protoface.distributed.ClassShard;
import org.protoface.head.Head;
import org.protoface.head.ShardedClasses;
import org.protoface.torch.Archives;

import java.util.ArrayList;
import java.util.List;

/**
 * Restores a head's class rows from the class files of a checkpoint written by any number of
 * ranks. The files hold contiguous blocks of classes, so this rank's block [start, end) is the
 * concatenation of the overlapping parts of the files that cover it: every per-class tensor
 * ({@link ShardedClasses#rowTensors()}) is assembled that way; every other tensor (a sampler's
 * position, an optimizer's step count) is taken from the file whose block contains {@code start}.
 * The head then loads the assembled state with its usual shape checks. The same number of ranks
 * reads its own file unchanged.
 */
final class ClassRowsCheckpoint {
    private ClassRowsCheckpoint() {}

    /**
     * @throws IllegalArgumentException when the checkpoint holds another number of classes or no class files
     */
    static void load(Head head, ShardedClasses mine, Checkpointer.Loaded loaded) {
        ClassShard shard = mine.shard();
        Checkpointer.Manifest manifest = loaded.manifest();
        if (manifest.classes().isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + loaded.path() + " holds no class rows, but the head "
                    + head.describe() + " needs them: it was written by a run with another head");
        }
        if (manifest.numClasses() != shard.numClasses()) {
            throw new IllegalArgumentException("checkpoint " + loaded.path() + " holds class rows for " + manifest.numClasses()
                    + " identities, this run has " + shard.numClasses());
        }
        List<Checkpointer.ClassFile> overlapping = new ArrayList<>();
        Checkpointer.ClassFile primary = null;
        for (Checkpointer.ClassFile f : manifest.classes()) {
            if (f.end() <= shard.start() || f.start() >= shard.end()) continue;
            overlapping.add(f);
            if (f.start() <= shard.start()) primary = f;
        }
        overlapping.sort((a, b) -> Long.compare(a.start(), b.start()));
        if (primary == null) throw new IllegalArgumentException("checkpoint " + loaded.path() + " has no class file covering class " + shard.start());
        InputArchive primaryArchive = read(loaded, primary);
        if (overlapping.size() == 1 && primary.start() == shard.start() && primary.end() == shard.end()) {
            head.loadState(primaryArchive);
            return;
        }
        List<InputArchive> archives = new ArrayList<>();
        for (Checkpointer.ClassFile f : overlapping) archives.add(f == primary ? primaryArchive : read(loaded, f));
        String owner = "class rows of " + loaded.path();
        head.loadState(Archives.reopen(Archives.rewrite(primaryArchive, (name, stored) -> {
            if (!mine.rowTensors().contains(name)) return stored;
            TensorVector parts = new TensorVector();
            for (int i = 0; i < overlapping.size(); i++) {
                Checkpointer.ClassFile f = overlapping.get(i);
                Tensor rows = Archives.readPath(archives.get(i), name, owner);
                long from = Math.max(f.start(), shard.start()), to = Math.min(f.end(), shard.end());
                parts.push_back(rows.narrow(0, from - f.start(), to - from));
            }
            return torch.cat(parts, 0).contiguous();
        })));
    }

    private static InputArchive read(Checkpointer.Loaded loaded, Checkpointer.ClassFile f) {
        InputArchive archive = new InputArchive();
        archive.load_from(loaded.path().resolve(f.file()).toString());
        return archive;
    }
}
