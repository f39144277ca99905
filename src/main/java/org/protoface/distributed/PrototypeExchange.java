package org.protoface.distributed;

import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the Prototype Memory replicas of all ranks identical when each rank computes fresh
 * prototypes from its own batch: after each step every rank all-gathers the detached fresh
 * prototypes and labels of all ranks (counts differ between ranks) in rank order, and writes the
 * same list, in the same order, into its replica.
 *
 * <p>A class that two ranks both hold in one step (possible when batches are not disjoint in
 * identities) appears once: the later rank's prototype wins, at the later position, on every rank
 * alike (a memory write takes each class at most once). {@link Exchanged#duplicates()} counts
 * them for the metrics.
 */
public final class PrototypeExchange {
    private PrototypeExchange() {}

    /**
     * A collective: one all-gather through {@code gather} once it knows the counts, the labels
     * beside their prototypes ({@link RowGather#gatherWithLabels}).
     *
     * @param gather the caller's {@link RowGather} (one per memory, so the capacity follows its batches)
     * @param labels this rank's P_r distinct class labels
     * @param rows   their prototypes, P_r x dim row-major (unit norm, detached)
     * @return every rank's prototypes in rank order, duplicates resolved as above
     * @throws IllegalArgumentException when {@code rows} does not hold P_r x dim values
     * @throws CollectiveException      when a rank fails during the exchange
     */
    public static Exchanged allGather(RowGather gather, long[] labels, float[] rows, int dim) {
        if (rows.length != (long) labels.length * dim) {
            throw new IllegalArgumentException("expected " + labels.length + " x " + dim + " prototype values, got " + rows.length);
        }
        int n = labels.length;
        RowGather.Labelled g = gather.gatherWithLabels(Tensors.of(rows, n, dim), Tensors.ofLongs(labels, n));
        return dropEarlierDuplicates(Tensors.longs(g.labels()), Tensors.floats(g.rows().all()), dim, g.rows().counts());
    }

    /** Keeps the last occurrence of each label (order of the survivors unchanged). */
    static Exchanged dropEarlierDuplicates(long[] labels, float[] rows, int dim, long[] counts) {
        Map<Long, Integer> last = new HashMap<>();
        for (int i = 0; i < labels.length; i++) last.put(labels[i], i);
        if (last.size() == labels.length) return new Exchanged(labels, rows, counts, 0);
        long[] keptLabels = new long[last.size()];
        float[] keptRows = new float[last.size() * dim];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (last.get(labels[i]) != i) continue;
            keptLabels[k] = labels[i];
            System.arraycopy(rows, i * dim, keptRows, k * dim, dim);
            k++;
        }
        return new Exchanged(keptLabels, keptRows, counts, labels.length - keptLabels.length);
    }

    /**
     * @param labels     distinct labels to write, in rank order
     * @param rows       their prototypes, row-major
     * @param counts     prototypes each rank contributed (before duplicates were dropped)
     * @param duplicates prototypes dropped because a later rank had the same class
     */
    public record Exchanged(long[] labels, float[] rows, long[] counts, int duplicates) {
        @Override
        public String toString() {
            return "Exchanged[labels=" + Arrays.toString(labels) + ", counts=" + Arrays.toString(counts) + ", duplicates=" + duplicates + "]";
        }
    }
}
