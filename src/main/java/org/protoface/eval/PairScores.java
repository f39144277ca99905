package org.protoface.eval;

import java.util.Arrays;

/**
 * Similarity scores of verification pairs with their ground truth, in fold order. Higher score
 * means "more likely the same person" (e.g. the cosine of two L2-normalised embeddings).
 */
public final class PairScores {
    private final double[] scores;
    private final boolean[] issame;

    /**
     * @throws IllegalArgumentException when the arrays differ in length or a score is not finite
     *                                  (a NaN would silently sort to one end and corrupt thresholds)
     */
    public PairScores(double[] scores, boolean[] issame) {
        if (scores.length != issame.length) {
            throw new IllegalArgumentException("scores has " + scores.length + " entries but issame has " + issame.length);
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score of pair " + i + " is not finite: " + scores[i]);
            }
        }
        this.scores = scores.clone();
        this.issame = issame.clone();
    }

    /** Number of pairs. */
    public int size() {
        return scores.length;
    }

    /** Score of pair {@code i}. */
    public double score(int i) {
        return scores[i];
    }

    /** Whether pair {@code i} is a same-identity pair. */
    public boolean same(int i) {
        return issame[i];
    }

    /** All scores in pair order (a copy). */
    public double[] scores() {
        return scores.clone();
    }

    /** All ground-truth flags in pair order (a copy). */
    public boolean[] issame() {
        return issame.clone();
    }

    /** Scores of the same-person pairs, in pair order. */
    public double[] genuine() {
        return select(true);
    }

    /** Scores of the different-person pairs, in pair order. */
    public double[] impostor() {
        return select(false);
    }

    private double[] select(boolean wanted) {
        double[] out = new double[scores.length];
        int n = 0;
        for (int i = 0; i < scores.length; i++) if (issame[i] == wanted) out[n++] = scores[i];
        return Arrays.copyOf(out, n);
    }
}
