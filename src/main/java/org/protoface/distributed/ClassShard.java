package org.protoface.distributed;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * The classes one rank owns when the N x d class centres are split across ranks (model
 * parallelism, as insightface's Partial FC does): contiguous blocks, the first N mod world ranks
 * one class larger. Contiguous blocks make re-sharding for another world size a concatenation
 * followed by a new split.
 *
 * @param numClasses N over all ranks
 * @param start      first class id of this shard
 * @param count      classes in this shard (>= 1)
 */
public record ClassShard(long numClasses, int rank, int worldSize, long start, long count) {
    public ClassShard {
        if (count < 1) throw new IllegalArgumentException("a class shard must hold at least one class");
        if (start < 0 || start + count > numClasses) throw new IllegalArgumentException("shard [" + start + ", " + (start + count) + ") is outside 0.." + numClasses);
    }

    /**
     * @throws IllegalArgumentException when there are fewer classes than ranks
     */
    public static ClassShard of(long numClasses, int rank, int worldSize) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) throw new IllegalArgumentException("rank " + rank + " is not in a world of " + worldSize);
        if (numClasses < worldSize) {
            throw new IllegalArgumentException(numClasses + " classes cannot be split over " + worldSize + " ranks: every rank needs at least one");
        }
        long base = numClasses / worldSize, extra = numClasses % worldSize;
        long count = base + (rank < extra ? 1 : 0);
        long start = rank * base + Math.min(rank, extra);
        return new ClassShard(numClasses, rank, worldSize, start, count);
    }

    /** One past the last global class id of this shard ({@code start + count}). */
    public long end() {
        return start + count;
    }

    /** Whether global class id {@code label} lives in this shard ({@code start <= label < end()}). */
    public boolean owns(long label) {
        return label >= start && label < end();
    }

    /** B bool: whether each label's class lives in this shard. */
    public Tensor owned(Tensor labels) {
        return labels.ge(new Scalar(start)).logical_and(labels.lt(new Scalar(end())));
    }

    /**
     * B int64: each label's column in this shard, or {@link #count()} (one past the last column,
     * a placeholder that callers append or mask) for labels owned by another rank.
     */
    public Tensor localTargets(Tensor labels) {
        Tensor local = labels.sub(new Scalar(start));
        return local.masked_fill(owned(labels).logical_not(), new Scalar(count));
    }
}
