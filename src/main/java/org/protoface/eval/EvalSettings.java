package org.protoface.eval;

/**
 * How {@link VerificationEvaluator} samples and reports.
 *
 * @param pairCount                 protocol pairs, a multiple of 20 (LFW: 6,000)
 * @param seed                      drives pair generation and all-pairs image choice
 * @param allPairsIdentities        identities in the all-pairs set
 * @param allPairsImagesPerIdentity images of each of them (identities with fewer are not eligible)
 * @param farTargets                FAR targets for TAR@FAR, each in (0, 1]
 * @param embedBatch                images per {@link Embedder#embed} call
 * @param threads                   threads for all-pairs scoring
 * @param curvePoints               maximum points per plotted ROC curve
 */
public record EvalSettings(int pairCount, long seed, int allPairsIdentities, int allPairsImagesPerIdentity,
                           double[] farTargets, int embedBatch, int threads, int curvePoints) {
    public static final double[] STANDARD_FAR_TARGETS = {1e-3, 1e-4, 1e-5};

    public EvalSettings {
        farTargets = farTargets.clone();
        if (embedBatch < 1) throw new IllegalArgumentException("embed batch must be positive, got " + embedBatch);
        if (curvePoints < 2) throw new IllegalArgumentException("curve points must be at least 2, got " + curvePoints);
        for (double t : farTargets) {
            if (!(t > 0 && t <= 1)) throw new IllegalArgumentException("FAR target must be in (0, 1], got " + t);
        }
    }

    /**
     * LFW-sized defaults: 6,000 pairs; 100 identities x 30 images = 3,000 images (about 4.5 million
     * pairs) for TAR@FAR at 1e-3, 1e-4 and 1e-5; 2,000-point curves.
     */
    public static EvalSettings lfwLike(long seed) {
        return new EvalSettings(6000, seed, 100, 30, STANDARD_FAR_TARGETS, 256,
                Runtime.getRuntime().availableProcessors(), 2000);
    }

    /** A copy with {@code pairs} protocol pairs. */
    public EvalSettings withPairCount(int pairs) {
        return new EvalSettings(pairs, seed, allPairsIdentities, allPairsImagesPerIdentity, farTargets, embedBatch, threads, curvePoints);
    }

    /** A copy whose all-pairs set has {@code identities} identities of {@code imagesPerIdentity} images each. */
    public EvalSettings withAllPairs(int identities, int imagesPerIdentity) {
        return new EvalSettings(pairCount, seed, identities, imagesPerIdentity, farTargets, embedBatch, threads, curvePoints);
    }

    @Override
    public double[] farTargets() {
        return farTargets.clone();
    }
}
