package org.protoface.head.sampled;

import java.util.Arrays;

/**
 * The centre rows taking part in one step, in ascending class order (the batch's classes and the
 * sampled negatives interleaved), so that at r = 1 the columns are the full softmax's and both
 * sum in the same order; each sample's column among those rows; and where the batch's own
 * classes sit among them. With the classes split across ranks, rows are indices within this
 * rank's block and a sample whose class lives on another rank gets the placeholder column
 * {@code rows.length} (and positive target -1).
 *
 * @param rows            row indices within the block (class ids on one rank), ascending
 * @param positiveColumns the columns of the batch's distinct classes of this block in {@code rows}, ascending
 * @param negatives       the sampled negative rows, ascending
 * @param targets         per sample, the column of its label in {@code rows} (or rows.length)
 * @param positiveTargets per sample, the index of its label among the block's batch classes (or -1)
 */
record ClassSelection(long[] rows, long[] positiveColumns, long[] negatives, long[] targets, long[] positiveTargets) {

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

    /**
     * @param sortedPositives the batch's distinct classes, ascending
     * @param sortedNegatives negatives disjoint from them, ascending
     */
    static ClassSelection of(long[] labels, long[] sortedPositives, long[] sortedNegatives) {
        return of(labels, 0, Long.MAX_VALUE, sortedPositives, sortedNegatives);
    }

    /**
     * @param labels          class ids of the samples (any class)
     * @param start           first class of the block
     * @param end             one past its last class
     * @param sortedPositives the block's classes among the labels, as indices within the block, ascending
     * @param sortedNegatives sampled indices within the block, disjoint from them, ascending
     */
    static ClassSelection of(long[] labels, long start, long end, long[] sortedPositives, long[] sortedNegatives) {
        long[] rows = new long[sortedPositives.length + sortedNegatives.length];
        long[] positiveColumns = new long[sortedPositives.length];
        // merge of two ascending, disjoint lists
        for (int p = 0, n = 0, r = 0; r < rows.length; r++) {
            if (n == sortedNegatives.length || (p < sortedPositives.length && sortedPositives[p] < sortedNegatives[n])) {
                positiveColumns[p] = r;
                rows[r] = sortedPositives[p++];
            } else {
                rows[r] = sortedNegatives[n++];
            }
        }
        long[] targets = new long[labels.length];
        long[] positiveTargets = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= start && labels[i] < end) {
                int among = Arrays.binarySearch(sortedPositives, labels[i] - start);
                positiveTargets[i] = among;
                targets[i] = positiveColumns[among];
            } else {
                positiveTargets[i] = -1;
                targets[i] = rows.length;
            }
        }
        return new ClassSelection(rows, positiveColumns, sortedNegatives.clone(), targets, positiveTargets);
    }

    /** The entries of ascending {@code sortedLabels} in [start, end), minus start. */
    static long[] withinBlock(long[] sortedLabels, long start, long end) {
        return Arrays.stream(sortedLabels).filter(l -> l >= start && l < end).map(l -> l - start).toArray();
    }

    /** How many of the rows are the batch's own classes. */
    int positives() {
        return positiveColumns.length;
    }
}
