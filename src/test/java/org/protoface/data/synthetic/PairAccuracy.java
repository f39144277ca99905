package org.protoface.data.synthetic;

import java.util.Arrays;

/** Verification accuracy of same/different pair scores, computed from scratch for the tests. */
final class PairAccuracy {
    private PairAccuracy() {
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        double c = dot / Math.sqrt(na * nb);
        return Math.max(-1, Math.min(1, c));
    }

    /** Accuracy of the best single threshold "score >= t means same", chosen on the pairs themselves. */
    static double bestThreshold(double[] scores, boolean[] same) {
        return accuracy(scores, same, bestThresholdValue(scores, same, null));
    }

    /**
     * LFW-style protocol: pairs split in order into 10 folds; each fold is scored with the threshold
     * that is best on the other nine. Returns the mean fold accuracy.
     */
    static double tenFold(double[] scores, boolean[] same) {
        int n = scores.length;
        double sum = 0;
        for (int fold = 0; fold < 10; fold++) {
            int from = n * fold / 10;
            int to = n * (fold + 1) / 10;
            boolean[] train = new boolean[n];
            Arrays.fill(train, true);
            Arrays.fill(train, from, to, false);
            double t = bestThresholdValue(scores, same, train);
            int correct = 0;
            for (int i = from; i < to; i++) {
                correct += (scores[i] >= t) == same[i] ? 1 : 0;
            }
            sum += correct / (double) (to - from);
        }
        return sum / 10;
    }

    private static double bestThresholdValue(double[] scores, boolean[] same, boolean[] include) {
        double best = Double.NEGATIVE_INFINITY;
        double bestAccuracy = -1;
        // Candidates: every score, and +infinity (everything "different").
        double[] candidates = Arrays.copyOf(scores, scores.length + 1);
        candidates[scores.length] = Double.POSITIVE_INFINITY;
        for (double t : candidates) {
            int correct = 0;
            int total = 0;
            for (int i = 0; i < scores.length; i++) {
                if (include == null || include[i]) {
                    correct += (scores[i] >= t) == same[i] ? 1 : 0;
                    total++;
                }
            }
            double accuracy = correct / (double) total;
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                best = t;
            }
        }
        return best;
    }

    private static double accuracy(double[] scores, boolean[] same, double t) {
        int correct = 0;
        for (int i = 0; i < scores.length; i++) {
            correct += (scores[i] >= t) == same[i] ? 1 : 0;
        }
        return correct / (double) scores.length;
    }
}
