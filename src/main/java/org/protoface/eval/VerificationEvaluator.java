package org.protoface.eval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Runs the whole verification evaluation of one model on a held-out dataset: LFW-like 10-fold
 * accuracy on generated pairs, TAR@FAR and AUC on an all-pairs set, and the raw-pixel baseline's
 * 10-fold accuracy on the same pairs. Every distinct image is embedded once per embedder.
 */
public final class VerificationEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationEvaluator.class);

    private final Embedder model;
    private final Embedder baseline;
    private final boolean flipTest;

    /**
     * @param model    the embedder under test
     * @param baseline raw-pixel (or any reference) embedder, or null to skip the baseline
     * @param flipTest whether {@code model} applies the flip test; only recorded in the result
     */
    public VerificationEvaluator(Embedder model, Embedder baseline, boolean flipTest) {
        if (model == null) throw new IllegalArgumentException("model embedder is required");
        this.model = model;
        this.baseline = baseline;
        this.flipTest = flipTest;
    }

    /**
     * Evaluates on a held-out dataset known by its shape. The settings' pair count and all-pairs
     * size are fitted to the data ({@link PairGenerator#fitPairCount}, {@link AllPairsSet#fit}); what
     * was used is reported in {@link EvalResult#dataUsed()}. Without an all-pairs set (fewer than 2
     * identities with 2 images) TAR@FAR and AUC come from the protocol pairs.
     *
     * @throws IllegalArgumentException when not even the 10-fold protocol can be run (fewer than 2
     *                                  identities, or fewer than 10 image pairs within identities),
     *                                  saying what the data holds
     */
    public EvalResult evaluate(int identityCount, IntUnaryOperator imageCount, EvalSettings settings) {
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        PairGenerator generator = new PairGenerator(identityCount, imageCount);
        int pairCount = generator.fitPairCount(settings.pairCount());
        long totalImages = 0;
        for (int id = 0; id < identityCount; id++) totalImages += imageCount.applyAsInt(id);
        if (pairCount == 0) {
            throw new IllegalArgumentException("the held-out data (" + identityCount + " identities, " + totalImages
                    + " images) has " + generator.samePairCapacity() + " image pairs within identities; the 10-fold protocol "
                    + "needs at least 10 (one same pair per fold): give identities with 2 or more images");
        }
        if (pairCount < settings.pairCount()) {
            notes.add(String.format(java.util.Locale.ROOT, "%,d pairs instead of %,d: the data holds %,d image pairs within "
                    + "identities, and each of the 10 folds needs as many same as different pairs", pairCount,
                    settings.pairCount(), generator.samePairCapacity()));
        }
        PairList pairs = generator.generate(pairCount, settings.seed());
        int[] fit = AllPairsSet.fit(identityCount, imageCount, settings.allPairsIdentities(), settings.allPairsImagesPerIdentity());
        // A different seed stream keeps the all-pairs choice independent of the pair draw.
        AllPairsSet allPairs = fit == null ? null
                : AllPairsSet.select(identityCount, imageCount, fit[0], fit[1], settings.seed() ^ 0x5DEECE66DL);
        if (fit == null) {
            notes.add("no all-pairs set: fewer than 2 identities have 2 or more images; TAR@FAR and AUC come from the "
                    + "protocol pairs, which resolve FARs down to about 1 / (number of different pairs)");
        } else if (fit[0] != settings.allPairsIdentities() || fit[1] != settings.allPairsImagesPerIdentity()) {
            notes.add(String.format(java.util.Locale.ROOT, "all-pairs set of %d identities x %d images instead of %d x %d: "
                    + "what the data holds", fit[0], fit[1], settings.allPairsIdentities(), settings.allPairsImagesPerIdentity()));
        }
        for (String note : notes) LOG.info("evaluation: {}", note);

        ImageTable images = new ImageTable();
        int[] pairRowsA = new int[pairs.size()];
        int[] pairRowsB = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            ImagePair p = pairs.get(i);
            pairRowsA[i] = images.row(p.identityA(), p.indexA());
            pairRowsB[i] = images.row(p.identityB(), p.indexB());
        }
        int pairImages = images.size();
        int[] allRows = new int[allPairs == null ? 0 : allPairs.size()];
        if (allPairs != null) {
            int[] allIds = allPairs.identities();
            int[] allIdx = allPairs.indices();
            for (int i = 0; i < allRows.length; i++) allRows[i] = images.row(allIds[i], allIdx[i]);
        }

        float[][] modelEmbeddings = embedAll(model, images, images.size(), settings.embedBatch(), "model embedder");
        LOG.info("embedded {} distinct images ({} from pairs) in {} s", images.size(), pairImages, seconds(start));

        PairScores modelPairs = pairScores(modelEmbeddings, pairRowsA, pairRowsB, pairs);
        TenFoldResult verification = TenFoldVerification.evaluate(modelPairs);
        Roc pairsRoc = Roc.of(modelPairs);

        Roc allRoc = pairsRoc;
        List<RocCurve> curves = new ArrayList<>();
        if (allPairs != null) {
            float[][] allEmbeddings = new float[allRows.length][];
            for (int i = 0; i < allRows.length; i++) allEmbeddings[i] = modelEmbeddings[allRows[i]];
            allRoc = allPairs.score(allEmbeddings, settings.threads()).roc();
            curves.add(allRoc.curve("model (all pairs)", settings.curvePoints()));
        }
        List<TarAtFar> tars = new ArrayList<>();
        for (double target : settings.farTargets()) tars.add(allRoc.tarAtFar(target));
        curves.add(pairsRoc.curve("model (pairs)", settings.curvePoints()));

        TenFoldResult baselineResult = null;
        if (baseline != null) {
            // Only pair images are needed for the baseline; they occupy rows 0..pairImages-1.
            float[][] rawEmbeddings = embedAll(baseline, images, pairImages, settings.embedBatch(), "baseline embedder");
            PairScores rawPairs = pairScores(rawEmbeddings, pairRowsA, pairRowsB, pairs);
            baselineResult = TenFoldVerification.evaluate(rawPairs);
            curves.add(Roc.of(rawPairs).curve("raw pixels (pairs)", settings.curvePoints()));
        }
        java.util.Set<Integer> pairIdentities = new java.util.HashSet<>();
        for (ImagePair p : pairs.pairs()) {
            pairIdentities.add(p.identityA());
            pairIdentities.add(p.identityB());
        }
        EvalDataUsed used = new EvalDataUsed(identityCount, totalImages, pairs.size(), settings.pairCount(), pairIdentities.size(),
                fit == null ? 0 : fit[0], fit == null ? 0 : fit[1], settings.allPairsIdentities(),
                settings.allPairsImagesPerIdentity(), notes);
        EvalResult result = new EvalResult(pairs.size(), verification, tars, allRoc.auc(), pairsRoc.auc(),
                allPairs == null ? EvalResult.ROC_PAIRS : EvalResult.ROC_ALL_PAIRS,
                allPairs == null ? null : new AllPairsCounts(allPairs.size(), allPairs.genuineCount(), allPairs.impostorCount()),
                baselineResult, flipTest, pairs.identityDisjoint(), curves, used);
        LOG.info("{} ({} s)", result.summary(), seconds(start));
        return result;
    }

    private static PairScores pairScores(float[][] embeddings, int[] rowsA, int[] rowsB, PairList pairs) {
        double[] scores = new double[rowsA.length];
        for (int i = 0; i < scores.length; i++) scores[i] = Embeddings.cosine(embeddings[rowsA[i]], embeddings[rowsB[i]]);
        return new PairScores(scores, pairs.issame());
    }

    /** Embeds rows 0..count-1 of the table in batches and checks every batch against the Embedder contract. */
    private static float[][] embedAll(Embedder embedder, ImageTable images, int count, int batch, String name) {
        float[][] out = new float[count][];
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            int[] ids = new int[to - from];
            int[] idx = new int[to - from];
            for (int r = from; r < to; r++) {
                ids[r - from] = images.identity(r);
                idx[r - from] = images.index(r);
            }
            float[][] embedded = embedder.embed(ids, idx);
            Embeddings.requireNormalised(embedded, ids.length, name + " (images " + from + ".." + (to - 1) + ")");
            System.arraycopy(embedded, 0, out, from, embedded.length);
        }
        return out;
    }

    private static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    /** Distinct images in first-seen order, so each is embedded once. */
    private static final class ImageTable {
        private final Map<Long, Integer> rows = new LinkedHashMap<>();
        private final List<int[]> images = new ArrayList<>();

        int row(int identity, int index) {
            return rows.computeIfAbsent(((long) identity << 32) | (index & 0xffffffffL), key -> {
                images.add(new int[]{identity, index});
                return images.size() - 1;
            });
        }

        int size() {
            return images.size();
        }

        int identity(int row) {
            return images.get(row)[0];
        }

        int index(int row) {
            return images.get(row)[1];
        }
    }
}
