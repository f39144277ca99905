package org.protoface.eval;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AllPairsSetTest {

    @Test
    void countsGenuineAndImpostorPairs() {
        AllPairsSet set = AllPairsSet.select(50, id -> 6, 5, 4, 1);
        assertThat(set.size()).isEqualTo(20);
        assertThat(set.genuineCount()).isEqualTo(5 * 6);        // C(4,2) per identity
        assertThat(set.impostorCount()).isEqualTo(190 - 30);    // C(20,2) minus genuine
    }

    @Test
    void selectionIsDeterministicAndUsesOnlyEligibleDistinctImages() {
        AllPairsSet a = AllPairsSet.select(300, id -> id % 10, 40, 7, 3);
        AllPairsSet b = AllPairsSet.select(300, id -> id % 10, 40, 7, 3);
        assertThat(a.identities()).containsExactly(b.identities());
        assertThat(a.indices()).containsExactly(b.indices());
        Set<Long> seen = new HashSet<>();
        int[] ids = a.identities();
        int[] idx = a.indices();
        for (int i = 0; i < ids.length; i++) {
            assertThat(ids[i] % 10).isGreaterThanOrEqualTo(7);
            assertThat(idx[i]).isBetween(0, ids[i] % 10 - 1);
            assertThat(seen.add(((long) ids[i] << 32) | idx[i])).isTrue();
        }
        assertThat(ids.length).isEqualTo(40 * 7);
    }

    @Test
    void takesAllEligibleIdentitiesWhenFewerThanAsked() {
        AllPairsSet set = AllPairsSet.select(30, id -> id < 3 ? 5 : 1, 10, 5, 0);
        assertThat(set.size()).isEqualTo(15);
    }

    @Test
    void scoresMatchIndependentDoubleDotProductsInRowMajorOrder() {
        // 150 images spans several 64-row blocks; dimension 37 exercises the unrolled loop's tail.
        int identities = 30;
        int perIdentity = 5;
        int dim = 37;
        int[] ids = new int[identities * perIdentity];
        int[] idx = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7) % identities; // interleaved identities, not grouped
            idx[i] = i;
        }
        float[][] e = randomUnitRows(ids.length, dim, new Random(5));
        GenuineImpostorScores s = new AllPairsSet(ids, idx).score(e, 3);

        int g = 0, m = 0;
        for (int i = 0; i < ids.length; i++) {
            for (int j = i + 1; j < ids.length; j++) {
                double dot = 0;
                for (int k = 0; k < dim; k++) dot += (double) e[i][k] * e[j][k];
                if (ids[i] == ids[j]) assertThat(s.genuine()[g++]).isCloseTo(dot, within(1e-5));
                else assertThat(s.impostor()[m++]).isCloseTo(dot, within(1e-5));
            }
        }
        assertThat(g).isEqualTo(s.genuine().length);
        assertThat(m).isEqualTo(s.impostor().length);
    }

    @Test
    void scoresAreClampedToValidCosines() {
        // Norm 1.0002 passes the unit-length tolerance but its raw dot products leave [-1, 1].
        float[] v = {1.0002f, 0f};
        float[] minusV = {-1.0002f, 0f};
        GenuineImpostorScores s = new AllPairsSet(new int[]{0, 0, 1}, new int[]{0, 1, 0}).score(new float[][]{v, v, minusV}, 1);
        assertThat(s.genuine()).containsExactly(1.0);
        assertThat(s.impostor()).containsExactly(-1.0, -1.0);
    }

    @Test
    void rejectsEmbeddingsThatAreNotUnitLength() {
        float[][] e = {{1, 0}, {0, 2}, {1, 0}};
        AllPairsSet set = new AllPairsSet(new int[]{0, 0, 1}, new int[]{0, 1, 0});
        assertThatThrownBy(() -> set.score(e, 1)).hasMessageContaining("embedding 1").hasMessageContaining("norm 2");
    }

    @Test
    void rejectsRepeatedImages() {
        assertThatThrownBy(() -> new AllPairsSet(new int[]{0, 0, 1}, new int[]{2, 2, 0})).hasMessageContaining("image 2 of identity 0 twice");
    }

    static float[][] randomUnitRows(int rows, int dim, Random random) {
        float[][] e = new float[rows][dim];
        for (float[] row : e) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                row[k] = (float) random.nextGaussian();
                norm += row[k] * row[k];
            }
            for (int k = 0; k < dim; k++) row[k] /= (float) Math.sqrt(norm);
        }
        return e;
    }
}
