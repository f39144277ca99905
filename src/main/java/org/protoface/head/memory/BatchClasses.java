package org.protoface.head.memory;

import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The distinct identities of a batch in order of first appearance, and for every sample the
 * column of its identity in that order. Column c of the fresh prototypes belongs to
 * {@code labels()[c]}.
 */
public final class BatchClasses {
    private final long[] labels;
    private final int[] columnOfSample;
    private final int[] counts;
    private final Map<Long, Integer> columnByLabel;

    private BatchClasses(long[] labels, int[] columnOfSample, int[] counts, Map<Long, Integer> columnByLabel) {
        this.labels = labels;
        this.columnOfSample = columnOfSample;
        this.counts = counts;
        this.columnByLabel = columnByLabel;
    }

    /** Groups {@code sampleLabels}; labels must be non-negative identity ids. */
    public static BatchClasses of(long[] sampleLabels) {
        if (sampleLabels.length == 0) throw new IllegalArgumentException("batch has no samples");
        Map<Long, Integer> columns = new HashMap<>();
        long[] distinct = new long[sampleLabels.length];
        int[] counts = new int[sampleLabels.length];
        int[] column = new int[sampleLabels.length];
        for (int i = 0; i < sampleLabels.length; i++) {
            long label = sampleLabels[i];
            if (label < 0) throw new IllegalArgumentException("label of sample " + i + " is " + label + "; identity labels must be >= 0");
            Integer c = columns.get(label);
            if (c == null) {
                c = columns.size();
                columns.put(label, c);
                distinct[c] = label;
            }
            column[i] = c;
            counts[c]++;
        }
        int n = columns.size();
        return new BatchClasses(Arrays.copyOf(distinct, n), column, Arrays.copyOf(counts, n), columns);
    }

    /** Number of distinct identities C. */
    public int size() {
        return labels.length;
    }

    /** Number of samples in the batch (B). */
    public int samples() {
        return columnOfSample.length;
    }

    /** The identity label of column {@code column}. */
    public long label(int column) {
        return labels[column];
    }

    /** Copy of the distinct labels in column order. */
    public long[] labels() {
        return labels.clone();
    }

    /** The column of sample {@code sample}'s identity. */
    public int columnOf(int sample) {
        return columnOfSample[sample];
    }

    /** Column of {@code label}, or -1 when the identity is not in the batch. */
    public int columnOfLabel(long label) {
        Integer c = columnByLabel.get(label);
        return c == null ? -1 : c;
    }

    /** Images of the identity in column {@code column}. */
    public int count(int column) {
        return counts[column];
    }

    /** Per-sample columns as an int64 tensor (B): the targets among the fresh prototypes. */
    public Tensor columnIndex() {
        return Tensors.ofInts(columnOfSample);
    }
}
