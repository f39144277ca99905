package org.protoface.distributed;

import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Torch;

/**
 * Class-centre initialisation that does not depend on how the classes are split: row i of the
 * N x d matrix is the same number whatever the world size, so 1 rank and 2 ranks start from the
 * same centres and a checkpoint can be re-sharded. Rows are drawn in blocks of {@link #BLOCK}
 * from a generator seeded by (seed, block); a shard draws only the blocks it overlaps (at most
 * two more than it keeps).
 */
public final class ShardInit {
    public static final int BLOCK = 4096;

    private ShardInit() {}

    /**
     * Rows [start, start + count) of an N x dim matrix with entries N(0, std^2).
     *
     * @return count x dim float32, a fresh tensor without gradient
     */
    public static Tensor normalRows(long seed, long start, long count, long dim, double std) {
        if (start < 0 || count < 0 || dim < 1) throw new IllegalArgumentException("bad row range [" + start + ", " + (start + count) + ") x " + dim);
        Torch.init();
        Tensor out = torch.empty(new long[] {count, dim}, new TensorOptions(torch.ScalarType.Float), null);
        long row = start, end = start + count;
        while (row < end) {
            long block = row / BLOCK;
            long blockStart = block * BLOCK;
            long take = Math.min(end, blockStart + BLOCK) - row;
            Generator g = torch.createCPUGenerator(mix(seed, block));
            // always the whole block: libtorch's normal fill is not prefix-stable (its last 16
            // values depend on the total size), so a shorter draw would give other numbers
            Tensor drawn = torch.randn(new long[] {BLOCK, dim}, new GeneratorOptional(g), new TensorOptions(torch.ScalarType.Float));
            out.narrow(0, row - start, take).copy_(drawn.narrow(0, row - blockStart, take));
            row += take;
        }
        return out.mul_(new Scalar(std));
    }

    /** SplitMix64 finaliser of (seed, block): distinct, well-spread generator seeds per block. */
    static long mix(long seed, long block) {
        long z = seed * 0x9E3779B97F4A7C15L + block + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
