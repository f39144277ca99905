package org.protoface.eval;

/**
 * Outcome of {@link TenFoldVerification}.
 *
 * @param pairs           number of pairs evaluated
 * @param foldAccuracies  accuracy on each held-out fold, fold 0 first (fractions in [0,1])
 * @param foldThresholds  threshold chosen on the other folds and applied to each held-out fold
 * @param meanAccuracy    mean of {@code foldAccuracies}
 * @param stdAccuracy     population standard deviation of {@code foldAccuracies} (divides by the
 *                        number of folds, like numpy's default {@code np.std}, as LFW-style
 *                        reports use)
 * @param meanThreshold   mean of {@code foldThresholds}
 */
public record TenFoldResult(int pairs, double[] foldAccuracies, double[] foldThresholds,
                            double meanAccuracy, double stdAccuracy, double meanThreshold) {
    public TenFoldResult {
        if (foldAccuracies.length != foldThresholds.length) {
            throw new IllegalArgumentException(foldAccuracies.length + " fold accuracies but " + foldThresholds.length + " thresholds");
        }
        foldAccuracies = foldAccuracies.clone();
        foldThresholds = foldThresholds.clone();
    }

    @Override
    public double[] foldAccuracies() {
        return foldAccuracies.clone();
    }

    @Override
    public double[] foldThresholds() {
        return foldThresholds.clone();
    }
}
