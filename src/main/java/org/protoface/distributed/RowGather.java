package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Tensors;

import java.util.Arrays;

/**
 * All-gather of a varying number of float32 rows per rank, in one collective once the sizes are
 * known: the step's batch of embeddings (and labels packed with them) goes through here every
 * step, and each collective costs a round trip through Gloo (measured in {@code bench scaling}
 * runs on this machine: about 1.5-2 ms per tiny all-gather between two pinned ranks, against a
 * step of about 90 ms), so a count exchange before every data exchange
 * ({@link Collectives#allGatherRows}) doubles what the step waits for.
 *
 * <p>Protocol: every rank sends a block of {@code capacity + 1} rows, a header row whose first
 * value is its row count n_r, then its first min(n_r, capacity) rows, zero-padded. When some rank
 * had more rows than the capacity, every rank reads that from the headers and all of them run a
 * second all-gather of the rows beyond it (padded to the largest excess); the capacity then grows
 * to the largest count, on every rank alike, since all ranks read the same headers. The first
 * call starts at capacity 0 (so it takes two collectives, like {@code allGatherRows}); a training
 * run, whose batches keep their size, takes one from the second step on.
 *
 * <p>Stateful: use one instance per call site (the capacity follows that site's sizes), from one
 * thread, and call it on every rank in the same order as every other collective.
 */
public final class RowGather {
    /** Row counts travel as float32 in the header; they are exact up to 2^24. */
    static final long MAX_ROWS = 1L << 24;

    private final Collectives world;
    private long capacity;

    /** A gather over the ranks of {@code world} that starts with no known capacity. */
    public RowGather(Collectives world) {
        this.world = world;
    }

    /** The ranks this gather runs over. */
    public Collectives world() {
        return world;
    }

    /** Rows the next call sends in its first collective (the largest count seen so far on any rank). */
    public long capacity() {
        return capacity;
    }

    /**
     * Rows gathered with their int64 labels.
     *
     * @param rows   every rank's rows in rank order (the labels' columns removed) and each rank's count
     * @param labels (sum of n_r) int64 labels, in the same order
     */
    public record Labelled(Collectives.Gathered rows, Tensor labels) {}

    /**
     * Gathers rows and their labels in the same collective: each label's 64 bits travel as two
     * float32 columns beside its row (a bit copy, no arithmetic touches them, so identity numbers
     * above 2^24 arrive intact).
     *
     * @param rows   n_r x c float32
     * @param labels n_r labels (any integer type)
     * @throws IllegalArgumentException and {@link CollectiveException} as {@link #gather(Tensor)}
     */
    public Labelled gatherWithLabels(Tensor rows, Tensor labels) {
        long[] shape = Tensors.shape(rows);
        if (shape.length != 2) throw new IllegalArgumentException("row gather needs a matrix, got shape " + Arrays.toString(shape));
        Tensor bits = labels.to(torch.ScalarType.Long).reshape(shape[0], 1).contiguous().view(torch.ScalarType.Float);
        Collectives.Gathered packed = gather(torch.cat(new TensorVector(rows, bits), 1));
        Tensor all = packed.all();
        return new Labelled(new Collectives.Gathered(all.narrow(1, 0, shape[1]).contiguous(), packed.counts()),
                all.narrow(1, shape[1], 2).contiguous().view(torch.ScalarType.Long).reshape(packed.total()));
    }

    /**
     * @param rows n_r x c float32 (c >= 1; n_r may be 0 and may differ between ranks, c may not)
     * @return every rank's rows in rank order (sum of n_r) x c, a new tensor without gradient, and each rank's count
     * @throws IllegalArgumentException when {@code rows} is not a float32 matrix with at least one column or has
     *                                  2^24 rows or more (thrown before any communication)
     * @throws CollectiveException      when a rank fails during the exchange
     */
    public Collectives.Gathered gather(Tensor rows) {
        long[] shape = Tensors.shape(rows);
        if (shape.length != 2 || shape[1] < 1 || rows.scalar_type().value != torch.ScalarType.Float.value) {
            throw new IllegalArgumentException("row gather needs a float32 matrix with at least one column, got shape "
                    + Arrays.toString(shape) + " of " + rows.scalar_type());
        }
        long n = shape[0], cols = shape[1];
        if (n >= MAX_ROWS) throw new IllegalArgumentException("row gather takes fewer than 2^24 rows per rank, got " + n);
        Tensor in = rows.detach().contiguous();
        if (world.worldSize() == 1) return new Collectives.Gathered(in.clone(), new long[] {n});

        long cap = capacity;
        Tensor block = Tensors.zeros(cap + 1, cols);
        block.select(0, 0).select(0, 0).fill_(Tensors.scalar(n));
        long sent = Math.min(n, cap);
        if (sent > 0) block.narrow(0, 1, sent).copy_(in.narrow(0, 0, sent));
        Tensor first = world.allGather(block);

        int ranks = world.worldSize();
        float[] headers = Tensors.floats(first.view(ranks, cap + 1, cols).select(1, 0).select(1, 0).contiguous());
        long[] counts = new long[ranks];
        long max = 0;
        for (int r = 0; r < ranks; r++) {
            counts[r] = (long) headers[r];
            max = Math.max(max, counts[r]);
        }
        long excess = Math.max(0, max - cap);
        Tensor all = first;
        if (excess > 0) {
            Tensor rest = Tensors.zeros(excess, cols);
            if (n > cap) rest.narrow(0, 0, n - cap).copy_(in.narrow(0, cap, n - cap));
            all = torch.cat(new org.bytedeco.pytorch.TensorVector(first, world.allGather(rest)), 0);
        }
        capacity = Math.max(cap, max);

        long total = 0;
        for (long c : counts) total += c;
        long[] index = new long[(int) total];
        int k = 0;
        long secondStart = ranks * (cap + 1);
        for (int r = 0; r < ranks; r++) {
            for (long i = 0; i < counts[r]; i++) {
                index[k++] = i < cap ? r * (cap + 1) + 1 + i : secondStart + r * excess + (i - cap);
            }
        }
        return new Collectives.Gathered(all.index_select(0, Tensors.ofLongs(index, index.length)), counts);
    }
}
