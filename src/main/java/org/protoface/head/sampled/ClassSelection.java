package org.protoface.head.sampled;

import java.util.Arrays;

/**
 * The centre rows taking part in one step: the batch's distinct classes (ascending) followed by
 * the sampled negatives (ascending), and each sample's column among those rows.
 *
 * @param rows      class ids, positives first
 * @param positives how many leading entries of {@code rows} are the batch's own classes
 * @param targets   per sample, the column of its label in {@code rows}
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
        long[] rows = new long[sortedPositives.length + sortedNegatives.length];
        System.arraycopy(sortedPositives, 0, rows, 0, sortedPositives.length);
        System.arraycopy(sortedNegatives, 0, rows, sortedPositives.length, sortedNegatives.length);
        long[] targets = new long[labels.length];
        for (int i = 0; i < labels.length; i++) targets[i] = Arrays.binarySearch(sortedPositives, labels[i]);
        return new ClassSelection(rows, sortedPositives.length, targets);
    }

    long[] negatives() {
        return Arrays.copyOfRange(rows, positives, rows.length);
    }
}
