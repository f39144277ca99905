package org.protoface.eval;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.verification.VerificationPairs;
import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.FaceEmbeddings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Evaluates an embedding model on a fixed list of verification pairs (lfw.bin, cfp_fp.bin, LFW's
 * pairs.txt, ...). Pairs are scored in file order, which is the fold order of the 10-fold
 * protocol; the score is the cosine of the (flip-fused) embeddings. TAR@FAR and AUC come from the
 * pairs themselves, so with LFW's 3,000 different pairs FAR 1e-3 resolves and smaller targets are
 * reported as unresolved.
 */
public final class PairSetEvaluation {
    /** Pairs embedded per forward pass (2 images each; the flip test doubles the work). */
    static final int PAIRS_PER_BATCH = 64;
    static final int CURVE_POINTS = 2000;

    private PairSetEvaluation() {}

    /**
     * Evaluates a model on a fixed pair set (e.g. an InsightFace {@code .bin}): 10-fold verification accuracy,
     * TAR@FAR at 1e-3/1e-4/1e-5 and ROC AUC over the set's pairs, with cosine scores of unit embeddings.
     *
     * @param flipTest whether each image's embedding is the sum with its mirror image's before normalising
     * @throws IllegalArgumentException if the set has fewer than 10 pairs, lacks same or different pairs, or its
     *                                  image size differs from the model's input size
     */
    public static EvalResult evaluate(EmbeddingModel model, VerificationPairs set, boolean flipTest) {
        if (set.pairCount() < TenFoldVerification.FOLDS) {
            throw new IllegalArgumentException(set.name() + " has " + set.pairCount() + " pairs; the 10-fold protocol needs at least "
                    + TenFoldVerification.FOLDS);
        }
        PairScores pairs = score(model, set, flipTest);
        if (pairs.genuine().length == 0 || pairs.impostor().length == 0) {
            throw new IllegalArgumentException(set.name() + " needs both same and different pairs, has "
                    + pairs.genuine().length + " same and " + pairs.impostor().length + " different");
        }
        EvalResult r = ScoreFileEvaluation.evaluate(pairs, EvalSettings.STANDARD_FAR_TARGETS, CURVE_POINTS);
        List<RocCurve> curves = new ArrayList<>();
        for (RocCurve c : r.rocCurves()) curves.add(new RocCurve(set.name() + " (pairs)", c.far(), c.tar()));
        // identity-disjointness of the folds is a property of the file we cannot check: unknown
        return new EvalResult(r.pairs(), r.verification(), r.tarAtFar(), r.auc(), r.pairsAuc(), r.rocSource(),
                null, null, flipTest, null, curves);
    }

    /** Cosine score of every pair, in file order, embedding {@link #PAIRS_PER_BATCH} pairs per forward pass. */
    public static PairScores score(EmbeddingModel model, VerificationPairs set, boolean flipTest) {
        int size = model.input().size();
        if (set.imageSize() != size) {
            throw new IllegalArgumentException(set.name() + " images are decoded at " + set.imageSize()
                    + " px but the model expects " + size + " px");
        }
        int n = set.pairCount();
        double[] scores = new double[n];
        boolean[] same = new boolean[n];
        for (int from = 0; from < n; from += PAIRS_PER_BATCH) {
            int to = Math.min(n, from + PAIRS_PER_BATCH);
            int images = 2 * (to - from);
            float[][] e = FaceEmbeddings.embed(model, pixels(set, from, to, size), images, flipTest, images);
            Embeddings.requireNormalised(e, images, "model on " + set.name());
            for (int p = from; p < to; p++) {
                scores[p] = Embeddings.cosine(e[2 * (p - from)], e[2 * (p - from) + 1]);
                same[p] = set.isSame(p);
            }
        }
        return new PairScores(scores, same);
    }

    /** Set names key eval-sets.json and the metrics; two sets of one name would overwrite each other. */
    public static void requireUniqueNames(List<VerificationPairs> sets) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (VerificationPairs set : sets) {
            String before = seen.put(set.name(), set.describe());
            if (before != null) {
                throw new IllegalArgumentException("two validation sets are named '" + set.name() + "': " + before
                        + " and " + set.describe());
            }
        }
    }

    /** Images of pairs [from, to) in the order a0, b0, a1, b1, ..., decoded in parallel. */
    private static float[] pixels(VerificationPairs set, int from, int to, int size) {
        int per = 3 * size * size;
        float[] pixels = new float[2 * (to - from) * per];
        IntStream.range(0, 2 * (to - from)).parallel().forEach(k -> {
            int pair = from + k / 2, side = k % 2;
            try {
                set.load(pair, side, pixels, k * per);
            } catch (CorruptRecordException e) {
                // skipping a pair would silently change the protocol
                throw new IllegalArgumentException(set.name() + ": image " + side + " of pair " + pair + " cannot be decoded: "
                        + e.getMessage(), e);
            }
        });
        return pixels;
    }
}
