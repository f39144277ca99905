package org.protoface.eval;

/** Similarity scores of all same-identity (genuine) and cross-identity (impostor) image pairs. */
public record GenuineImpostorScores(double[] genuine, double[] impostor) {
    /** The ROC of these scores (genuine = positives, impostor = negatives). */
    public Roc roc() {
        return new Roc(genuine, impostor);
    }
}
