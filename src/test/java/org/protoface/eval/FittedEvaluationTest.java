package org.protoface.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The held-out evaluation's defaults (6,000 pairs; all pairs of 100 identities x 30 images) fit the
 * data they are given: it uses the identities and images there are and says what it used.
 */
class FittedEvaluationTest {
    private static final int DIM = 8;

    /** Identity centre plus a little noise per image: a good model, deterministic. */
    private static final Embedder CENTRES = (identities, indices) -> {
        float[][] out = new float[identities.length][DIM];
        for (int i = 0; i < identities.length; i++) {
            Random c = new Random(identities[i] * 7919L), n = new Random(identities[i] * 104729L + indices[i]);
            double norm = 0;
            for (int k = 0; k < DIM; k++) {
                out[i][k] = (float) (c.nextGaussian() + 0.3 * n.nextGaussian());
                norm += out[i][k] * out[i][k];
            }
            for (int k = 0; k < DIM; k++) out[i][k] /= (float) Math.sqrt(norm);
        }
        return out;
    };

    private static EvalSettings lfwDefaults() {
        return EvalSettings.lfwLike(3);
    }

    @Test
    void manyIdentitiesWithFewImagesGiveAnAllPairsSetOfTheImagesThereAre() {
        // 1,000 identities x 15 images: the old rule asked for 30 images each and found none
        int[] fit = AllPairsSet.fit(1000, id -> 15, 100, 30);
        assertThat(fit).containsExactly(100, 15);
        EvalResult r = new VerificationEvaluator(CENTRES, null, false).evaluate(1000, id -> 15, lfwDefaults());
        assertThat(r.pairs()).isEqualTo(6000);
        assertThat(r.allPairs().images()).isEqualTo(1500);
        assertThat(r.allPairs().genuine()).isEqualTo(100L * 15 * 14 / 2);
        assertThat(r.rocSource()).isEqualTo(EvalResult.ROC_ALL_PAIRS);
        assertThat(r.dataUsed().allPairsIdentities()).isEqualTo(100);
        assertThat(r.dataUsed().allPairsImagesPerIdentity()).isEqualTo(15);
        assertThat(r.dataUsed().notes()).anyMatch(n -> n.contains("100 identities x 15 images"));
        assertThat(r.summary()).contains("all pairs 100 x 15 images (asked 100 x 30)");
    }

    @Test
    void aSmallSetGivesAsManyPairsAsItHolds() {
        // 55 identities x 10 images hold 55 x 45 = 2,475 same pairs: at most 247 per fold and kind
        IntUnaryOperator ten = id -> 10;
        assertThat(new PairGenerator(55, ten).fitPairCount(6000)).isEqualTo(20 * 247);
        EvalResult r = new VerificationEvaluator(CENTRES, null, false).evaluate(55, ten, lfwDefaults());
        assertThat(r.pairs()).isEqualTo(4940);
        assertThat(r.verification().meanAccuracy()).isGreaterThan(0.9);
        assertThat(r.dataUsed().pairsRequested()).isEqualTo(6000);
        assertThat(r.dataUsed().pairIdentities()).isEqualTo(55);
        assertThat(r.dataUsed().allPairsIdentities()).isEqualTo(55);
        assertThat(r.dataUsed().allPairsImagesPerIdentity()).isEqualTo(10);
        assertThat(r.dataUsed().notes()).anyMatch(n -> n.contains("4,940 pairs instead of 6,000"));
        assertThat(r.summary()).contains("4,940 pairs (asked 6,000)");
    }

    @Test
    void withoutAnAllPairsSetTarAtFarComesFromThePairsAndSaysWhy() {
        // one identity with 5 images (10 same pairs) and 30 single-image identities
        IntUnaryOperator counts = id -> id == 0 ? 5 : 1;
        EvalResult r = new VerificationEvaluator(CENTRES, null, false).evaluate(31, counts, lfwDefaults());
        assertThat(r.pairs()).isEqualTo(20);
        assertThat(r.allPairs()).isNull();
        assertThat(r.rocSource()).isEqualTo(EvalResult.ROC_PAIRS);
        assertThat(r.dataUsed().allPairsIdentities()).isZero();
        assertThat(r.dataUsed().notes()).anyMatch(n -> n.contains("no all-pairs set"));
    }

    @Test
    void dataThatCannotRunTheProtocolSaysWhatItHolds() {
        assertThatThrownBy(() -> new VerificationEvaluator(CENTRES, null, false).evaluate(40, id -> 1, lfwDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 identities").hasMessageContaining("0 image pairs within identities");
    }
}
