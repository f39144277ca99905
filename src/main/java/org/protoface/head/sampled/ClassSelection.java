package org.protoface.head.sampled;

import java.util.Arrays;

/**
 * The centre rows taking part in one step: the batch's distinct classes (ascending) followed by
 * the sampled negatives (ascending), and each sample's column among those rows. With the classes
 * split across ranks, rows are indices within this rank's block and a sample whose class lives on
 * another rank gets the placeholder column {@code rows.length}.
 *
 * @param rows      row indices within the block, positives first
 * @param positives how many leading entries of {@code rows} are the batch's own classes
 * @param targets   per sample, the column of its label in {@code rows} (or rows.length)
 */
record ClassSelection(long[] rows, int positives, long[] targets) {

    /** Distinct labels, ascending; each label is validated against [0, numClasses). */
    static long[] distinctSortedLabels(long[] labels, long numClasses, String method) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(method + ": label " + labels[i] + " of sample " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        return Arrays.stream(labels).sorted().distinct().toArray();
    }

    static ClassSelection of(long[] labels, long[] sortedPositives, long[] sortedNegatives) {
        return of(labels, 0, Long.MAX_VALUE, sortedPositives, sortedNegatives);
    }

    /**
     * @param labels          class ids of the samples (any class)
     * @param start           first class of the block
     * @param end             one past its last class
     * @param sortedPositives the block's classes among the labels, as indices within the block, ascending
     * @param sortedNegatives sampled indices within the block, ascending
     */
    static ClassSelection of(long[] labels, long start, long end, long[] sortedPositives, long[] sortedNegatives) {
        long[] rows = new long[sortedPositives.length + sortedNegatives.length];
        System.arraycopy(sortedPositives, 0, rows, 0, sortedPositives.length);
        System.arraycopy(sortedNegatives, 0, rows, sortedPositives.length, sortedNegatives.length);
        long[] targets = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            boolean here = labels[i] >= start && labels[i] < end;
            targets[i] = here ? Arrays.binarySearch(sortedPositives, labels[i] - start) : rows.length;
        }
        return new ClassSelection(rows, sortedPositives.length, targets);
    }

    /** The entries of ascending {@code sortedLabels} in [start, end), minus start. */
    static long[] withinBlock(long[] sortedLabels, long start, long end) {
        return Arrays.stream(sortedLabels).filter(l -> l >= start && l < end).map(l -> l - start).toArray();
    }

    long[] negatives() {
        return Arrays.copyOfRange(rows, positives, rows.length);
    }
}
