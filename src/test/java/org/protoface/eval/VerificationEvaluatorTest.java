package org.protoface.eval;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VerificationEvaluatorTest {
    private static final int IDENTITIES = 400;
    private static final IntUnaryOperator COUNTS = id -> 2 + id % 9;
    private static final int DIM = 16;

    /**
     * Synthetic embedder: identity centre plus image noise, deterministic per image; counts how
     * often each image is requested.
     */
    private static final class NoisyCentres implements Embedder {
        final double noise;
        final Map<Long, Integer> requests = new HashMap<>();

        NoisyCentres(double noise) {
            this.noise = noise;
        }

        @Override
        public float[][] embed(int[] identities, int[] indices) {
            float[][] out = new float[identities.length][];
            for (int i = 0; i < identities.length; i++) {
                requests.merge(((long) identities[i] << 32) | indices[i], 1, Integer::sum);
                out[i] = vector(identities[i], indices[i]);
            }
            return out;
        }

        float[] vector(int identity, int index) {
            Random centre = new Random(identity * 7919L);
            Random jitter = new Random(identity * 104729L + index * 31L + 1);
            float[] v = new float[DIM];
            double norm = 0;
            for (int k = 0; k < DIM; k++) {
                v[k] = (float) (centre.nextGaussian() + noise * jitter.nextGaussian());
                norm += v[k] * v[k];
            }
            for (int k = 0; k < DIM; k++) v[k] /= (float) Math.sqrt(norm);
            return v;
        }
    }

    private static EvalSettings smallSettings() {
        return new EvalSettings(200, 17, 20, 5, EvalSettings.STANDARD_FAR_TARGETS, 64, 2, 500);
    }

    @Test
    void evaluatesModelAndBaselineOnTheSamePairs() {
        NoisyCentres model = new NoisyCentres(0.5);
        NoisyCentres raw = new NoisyCentres(1.5);
        EvalResult r = new VerificationEvaluator(model, raw, true).evaluate(IDENTITIES, COUNTS, smallSettings());

        assertThat(r.pairs()).isEqualTo(200);
        assertThat(r.flipTest()).isTrue();
        assertThat(r.identityDisjointFolds()).isTrue();
        assertThat(r.rocSource()).isEqualTo(EvalResult.ROC_ALL_PAIRS);
        assertThat(r.allPairs()).isEqualTo(new AllPairsCounts(100, 20 * 10, 4950 - 200));

        // Independent recomputation of the model's pair scores from the generated pairs.
        PairList pairs = new PairGenerator(IDENTITIES, COUNTS).generate(200, 17);
        double[] scores = new double[pairs.size()];
        for (int i = 0; i < scores.length; i++) {
            ImagePair p = pairs.get(i);
            float[] a = model.vector(p.identityA(), p.indexA());
            float[] b = model.vector(p.identityB(), p.indexB());
            double dot = 0;
            for (int k = 0; k < DIM; k++) dot += (double) a[k] * b[k];
            scores[i] = dot;
        }
        TenFoldResult expected = TenFoldVerification.evaluate(new PairScores(scores, pairs.issame()));
        assertThat(r.verification().meanAccuracy()).isCloseTo(expected.meanAccuracy(), within(1e-9));
        assertThat(r.pairsAuc()).isCloseTo(Roc.of(new PairScores(scores, pairs.issame())).auc(), within(1e-6));

        // 4,750 impostors resolve FAR 1e-3 only.
        assertThat(r.tarAtFar()).extracting(TarAtFar::targetFar).containsExactly(1e-3, 1e-4, 1e-5);
        assertThat(r.tarAtFar().get(0).resolved()).isTrue();
        assertThat(r.tarAtFar().get(1).resolved()).isFalse();
        assertThat(r.tarAtFar().get(2).resolved()).isFalse();
        assertThat(r.auc()).isBetween(0.5, 1.0);

        assertThat(r.baseline()).isNotNull();
        assertThat(r.verification().meanAccuracy()).isGreaterThan(r.baseline().meanAccuracy());
        assertThat(r.rocCurves()).extracting(RocCurve::label)
                .containsExactly("model (all pairs)", "model (pairs)", "raw pixels (pairs)");
    }

    @Test
    void embedsEachDistinctImageOnceAndTheBaselineOnlyOnPairImages() {
        NoisyCentres model = new NoisyCentres(0.5);
        NoisyCentres raw = new NoisyCentres(1.5);
        new VerificationEvaluator(model, raw, false).evaluate(IDENTITIES, COUNTS, smallSettings());

        assertThat(model.requests.values()).containsOnly(1);
        assertThat(raw.requests.values()).containsOnly(1);
        PairList pairs = new PairGenerator(IDENTITIES, COUNTS).generate(200, 17);
        java.util.Set<Long> pairImages = new java.util.HashSet<>();
        for (ImagePair p : pairs.pairs()) {
            pairImages.add(((long) p.identityA() << 32) | p.indexA());
            pairImages.add(((long) p.identityB() << 32) | p.indexB());
        }
        assertThat(raw.requests.keySet()).isEqualTo(pairImages);
        assertThat(model.requests.keySet()).containsAll(pairImages);
        assertThat(model.requests.size()).isGreaterThan(pairImages.size());
    }

    @Test
    void worksWithoutBaseline() {
        EvalResult r = new VerificationEvaluator(new NoisyCentres(0.5), null, false).evaluate(IDENTITIES, COUNTS, smallSettings());
        assertThat(r.baseline()).isNull();
        assertThat(r.rocCurves()).hasSize(2);
    }

    @Test
    void rejectsEmbedderBreakingItsContract() {
        Embedder unnormalised = (ids, idx) -> {
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) out[i] = new float[]{3f, 4f};
            return out;
        };
        assertThatThrownBy(() -> new VerificationEvaluator(unnormalised, null, false).evaluate(IDENTITIES, COUNTS, smallSettings()))
                .hasMessageContaining("model embedder").hasMessageContaining("not L2-normalised");
    }
}
