package org.protoface.head;

import org.protoface.distributed.ClassShard;

import java.util.List;

/**
 * A head's offer ({@link Head#capability}) when it holds one row per class for a block of the
 * classes (all of them on one rank, a {@link ClassShard} of them on several): which classes, and
 * which tensors of its saved state have one row per class of that block (weights, momentum,
 * per-class steps). Checkpoints keep these tensors per rank and re-split them when a run resumes
 * on another number of ranks; every other tensor of the head's state is per rank and is taken
 * from the rank whose block begins the new one.
 *
 * @param shard      the classes this rank holds
 * @param rowTensors dotted names within the head's state (as its archive nests them), e.g. "scorer.weight"
 */
public record ShardedClasses(ClassShard shard, List<String> rowTensors) {
    public ShardedClasses {
        rowTensors = List.copyOf(rowTensors);
    }

    /** The same offer seen from a module that holds this one as sub-module {@code name}. */
    public ShardedClasses under(String name) {
        return new ShardedClasses(shard, rowTensors.stream().map(t -> name + "." + t).toList());
    }
}
