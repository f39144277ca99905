package org.protoface.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairGeneratorTest {
    /** 2,000 identities with 1 to 7 images: about 1/7 of them cannot form same pairs. */
    private static final IntUnaryOperator COUNTS = id -> 1 + id % 7;

    @Test
    void lfwSizedListHasTheFoldLayoutAndValidPairs() {
        PairList list = generate(new PairGenerator(2000, COUNTS), 6000, 42);

        assertThat(list.size()).isEqualTo(6000);
        assertThat(list.sameCount()).isEqualTo(3000);
        assertThat(list.identityDisjoint()).isTrue();
        for (int f = 0; f < 10; f++) {
            for (int k = 0; k < 600; k++) {
                ImagePair p = list.get(f * 600 + k);
                assertThat(p.same()).as("fold %d position %d", f, k).isEqualTo(k < 300);
                assertThat(p.same()).isEqualTo(p.identityA() == p.identityB());
                assertThat(p.indexA()).isBetween(0, COUNTS.applyAsInt(p.identityA()) - 1);
                assertThat(p.indexB()).isBetween(0, COUNTS.applyAsInt(p.identityB()) - 1);
                if (p.same()) {
                    assertThat(p.indexA()).isNotEqualTo(p.indexB());
                    assertThat(COUNTS.applyAsInt(p.identityA())).isGreaterThanOrEqualTo(2);
                }
            }
        }
        assertNoRepeatedPair(list);
    }

    @Test
    void foldsAreIdentityDisjoint() {
        PairList list = generate(new PairGenerator(2000, COUNTS), 6000, 42);
        List<Set<Integer>> foldIdentities = identitiesPerFold(list);
        for (int a = 0; a < 10; a++) {
            for (int b = a + 1; b < 10; b++) {
                Set<Integer> shared = new HashSet<>(foldIdentities.get(a));
                shared.retainAll(foldIdentities.get(b));
                assertThat(shared).as("identities shared by folds %d and %d", a, b).isEmpty();
            }
        }
    }

    @Test
    void sameSeedSameList_otherSeedOtherList() {
        PairGenerator generator = new PairGenerator(500, COUNTS);
        assertThat(generate(generator, 1000, 5).pairs()).isEqualTo(generate(generator, 1000, 5).pairs());
        assertThat(generate(generator, 1000, 5).pairs()).isNotEqualTo(generate(generator, 1000, 6).pairs());
        // the public seed API draws the same stream (on a case far from exhausting any identity)
        PairGenerator roomy = new PairGenerator(2000, id -> 7);
        assertThat(roomy.generate(20, 5).pairs()).isEqualTo(generate(roomy, 20, 5).pairs());
    }

    @Test
    void smallDatasetFallsBackToSharedIdentitiesButStaysValid() {
        // 15 identities x 5 images: 1-2 identities per fold cannot give 10 different pairs each.
        PairList list = generate(new PairGenerator(15, id -> 5), 200, 1);
        assertThat(list.identityDisjoint()).isFalse();
        assertThat(list.size()).isEqualTo(200);
        assertThat(list.sameCount()).isEqualTo(100);
        for (ImagePair p : list.pairs()) assertThat(p.same()).isEqualTo(p.identityA() == p.identityB());
        assertNoRepeatedPair(list);
    }

    @Test
    void usesEveryAvailableSamePairWhenCapacityIsExact() {
        // 10 identities x 2 images give exactly 10 distinct same pairs, one per fold: each fold gets
        // one two-image identity and one single-image identity, and must use that single pair.
        PairList list = generate(new PairGenerator(20, id -> id < 10 ? 2 : 1), 20, 9);
        assertThat(list.identityDisjoint()).isTrue();
        assertThat(list.sameCount()).isEqualTo(10);
        assertNoRepeatedPair(list);
    }

    @Test
    void rejectsCountsThatAreNotMultiplesOfTwenty() {
        assertThatThrownBy(() -> generate(new PairGenerator(100, COUNTS), 6010, 1)).hasMessageContaining("multiple of 20");
    }

    @Test
    void rejectsDatasetsThatCannotSupplyThePairs() {
        assertThatThrownBy(() -> generate(new PairGenerator(2, id -> 2), 20, 1))
                .hasMessageContaining("cannot supply").hasMessageContaining("same pairs available: 2");
    }

    @Test
    void rejectsIdentitiesWithoutImages() {
        assertThatThrownBy(() -> new PairGenerator(5, id -> id == 3 ? 0 : 4)).hasMessageContaining("identity 3");
    }

    private static List<Set<Integer>> identitiesPerFold(PairList list) {
        List<Set<Integer>> folds = new ArrayList<>();
        int perFold = list.size() / 10;
        for (int f = 0; f < 10; f++) {
            Set<Integer> ids = new HashSet<>();
            for (int k = 0; k < perFold; k++) {
                ImagePair p = list.get(f * perFold + k);
                ids.add(p.identityA());
                ids.add(p.identityB());
            }
            folds.add(ids);
        }
        return folds;
    }

    /** The two images of a pair in a fixed order, so a pair and its reverse give one key. */
    private static String unorderedKey(ImagePair p) {
        String a = p.identityA() + "/" + p.indexA();
        String b = p.identityB() + "/" + p.indexB();
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }

    private static void assertNoRepeatedPair(PairList list) {
        Set<String> seen = new HashSet<>();
        for (ImagePair p : list.pairs()) {
            String key = unorderedKey(p);
            assertThat(seen.add(key)).as("pair %s repeated", key).isTrue();
        }
    }

    /**
     * generate(count, seed) through a bounded source with the same seed (the same pairs): a
     * generator that stopped terminating fails these tests instead of hanging the suite.
     */
    private static PairList generate(PairGenerator generator, int count, long seed) {
        return generator.generate(count, new BoundedRandom(seed, 10_000_000));
    }

    /** A seeded source that fails the test, instead of hanging it, once it has given {@code limit} numbers. */
    private static final class BoundedRandom extends Random {
        private final long limit;
        long draws;

        BoundedRandom(long seed, long limit) {
            super(seed);
            this.limit = limit;
        }

        @Override
        protected int next(int bits) {
            if (++draws > limit) throw new AssertionError("the generator drew more than " + limit + " random numbers: it does not terminate");
            return super.next(bits);
        }
    }

    @Test
    void smallSetFallbackDrawsEverySamePairOnceAcrossFolds() {
        // 12 identities x 4 images: 6 same pairs each, 72 in all; 40 pairs need 20 same pairs,
        // 2 per fold, which identity-disjoint groups of 1-2 identities cannot always supply
        BoundedRandom random = new BoundedRandom(20221, 1_000_000);
        PairList pairs = new PairGenerator(12, id -> 4).generate(40, random);
        assertThat(pairs.size()).isEqualTo(40);
        assertThat(pairs.sameCount()).isEqualTo(20);
        assertNoRepeatedPair(pairs);
    }

    @Test
    void exhaustingEverySamePairStillTerminates() {
        // 10 identities x 5 images: 10 same pairs each, 100 in all, and 200 pairs ask for exactly 100
        // same pairs: the last ones can only be found by retrying until the one pair left is drawn
        BoundedRandom random = new BoundedRandom(3, 10_000_000);
        PairList all = new PairGenerator(10, id -> 5).generate(200, random);
        assertThat(all.sameCount()).isEqualTo(100);
        Set<String> same = new HashSet<>();
        for (ImagePair p : all.pairs()) if (p.same()) same.add(unorderedKey(p));
        Set<String> every = new HashSet<>();
        for (int id = 0; id < 10; id++) {
            for (int a = 0; a < 5; a++) for (int b = a + 1; b < 5; b++) every.add(unorderedKey(new ImagePair(id, a, id, b, true)));
        }
        assertThat(same).isEqualTo(every);
        assertNoRepeatedPair(all);
    }

    @Test
    void theDuplicateCheckSeesReversedPairsAndKeepsDifferentPairsApart() {
        // the helper the other tests rely on must catch a pair listed in reverse...
        PairList reversed = new PairList(List.of(new ImagePair(3, 2, 5, 1, false), new ImagePair(5, 1, 3, 2, false)), true);
        assertThatThrownBy(() -> assertNoRepeatedPair(reversed)).isInstanceOf(AssertionError.class).hasMessageContaining("repeated");
        // ...and must not merge two different pairs that share index values
        PairList distinct = new PairList(List.of(new ImagePair(3, 2, 5, 1, false), new ImagePair(3, 1, 5, 2, false),
                new ImagePair(31, 2, 5, 1, false), new ImagePair(3, 12, 5, 1, false)), true);
        assertNoRepeatedPair(distinct);
    }
}
