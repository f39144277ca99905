package org.protoface.eval;

import java.util.List;
import java.util.Locale;

/**
 * Everything one verification evaluation reports; {@link EvalReport} writes it as eval.json.
 *
 * @param pairs                 number of protocol pairs
 * @param verification          10-fold result of the model on the pairs
 * @param tarAtFar              TAR at each FAR target, computed on the ROC source (unresolved
 *                              targets have NaN TAR)
 * @param auc                   ROC AUC on the ROC source
 * @param pairsAuc              ROC AUC on the protocol pairs alone
 * @param rocSource             {@link #ROC_ALL_PAIRS} or {@link #ROC_PAIRS}: which scores gave
 *                              TAR@FAR and {@code auc}
 * @param allPairs              size of the all-pairs set; null when the ROC comes from the pairs
 * @param baseline              10-fold result of the raw-pixel baseline on the same pairs; null if none
 * @param flipTest              whether the model embeddings used the flip test; null when unknown
 *                              (precomputed scores)
 * @param identityDisjointFolds whether no identity spans two folds; null when unknown
 * @param rocCurves             labelled curves for plotting, possibly empty
 * @param dataUsed              what a held-out evaluation used of the data and what it fitted or
 *                              skipped; null for pair sets and score files, whose pairs are given
 */
public record EvalResult(int pairs, TenFoldResult verification, List<TarAtFar> tarAtFar, double auc, double pairsAuc,
                         String rocSource, AllPairsCounts allPairs, TenFoldResult baseline, Boolean flipTest,
                         Boolean identityDisjointFolds, List<RocCurve> rocCurves, EvalDataUsed dataUsed) {
    public static final String ROC_ALL_PAIRS = "all_pairs";
    public static final String ROC_PAIRS = "pairs";

    /** A result without {@link #dataUsed} (pair sets, score files). */
    public EvalResult(int pairs, TenFoldResult verification, List<TarAtFar> tarAtFar, double auc, double pairsAuc,
                      String rocSource, AllPairsCounts allPairs, TenFoldResult baseline, Boolean flipTest,
                      Boolean identityDisjointFolds, List<RocCurve> rocCurves) {
        this(pairs, verification, tarAtFar, auc, pairsAuc, rocSource, allPairs, baseline, flipTest, identityDisjointFolds,
                rocCurves, null);
    }

    public EvalResult {
        tarAtFar = List.copyOf(tarAtFar);
        rocCurves = List.copyOf(rocCurves);
        if (!ROC_ALL_PAIRS.equals(rocSource) && !ROC_PAIRS.equals(rocSource)) {
            throw new IllegalArgumentException("ROC source must be '" + ROC_ALL_PAIRS + "' or '" + ROC_PAIRS + "', got " + rocSource);
        }
    }

    /**
     * One line for logs and consoles, e.g.
     * {@code pairs 6000  accuracy 0.9712 +- 0.0061  TAR@FAR 1e-3 0.9000 1e-4 n/a  AUC 0.9950}.
     * "n/a" marks FAR targets the impostor count cannot resolve.
     */
    public String summary() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "pairs %d  accuracy %.4f +- %.4f  TAR@FAR",
                pairs, verification.meanAccuracy(), verification.stdAccuracy()));
        for (TarAtFar t : tarAtFar) {
            line.append(' ').append(farKey(t.targetFar())).append(' ')
                    .append(t.resolved() ? String.format(Locale.ROOT, "%.4f", t.tar()) : "n/a");
        }
        line.append(String.format(Locale.ROOT, "  AUC %.4f", auc));
        if (baseline != null) {
            line.append(String.format(Locale.ROOT, "  raw-pixels %.4f", baseline.meanAccuracy()));
        }
        if (dataUsed != null) line.append("  (").append(dataUsed.describe()).append(')');
        return line.toString();
    }

    /** "1e-3" for powers of ten (the usual targets), else the plain decimal form. */
    public static String farKey(double far) {
        long exponent = Math.round(-Math.log10(far));
        if (exponent > 0 && Double.parseDouble("1e-" + exponent) == far) return "1e-" + exponent;
        return Double.toString(far);
    }
}
