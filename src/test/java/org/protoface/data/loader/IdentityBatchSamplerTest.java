package org.protoface.data.loader;

import org.protoface.data.LookalikeSource;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityBatchSamplerTest {
    @Test
    void batchesHoldPIdentitiesTimesKDistinctImagesAndCoverEachIdentityOncePerEpoch() {
        int n = 50, p = 5, k = 4;
        IdentityBatchSampler s = new IdentityBatchSampler(n, id -> 10, p * k, k, 42);
        Map<Integer, Integer> seen = new HashMap<>();
        for (int b = 0; b < n / p; b++) {
            Batch batch = s.next();
            assertThat(batch.size()).isEqualTo(p * k);
            assertThat(batch.reusedImages()).isZero();
            for (int i = 0; i < p; i++) {
                int id = batch.identities()[i * k];
                Set<Integer> images = new HashSet<>();
                for (int j = 0; j < k; j++) {
                    assertThat(batch.identities()[i * k + j]).isEqualTo(id);
                    int idx = batch.indices()[i * k + j];
                    assertThat(idx).isBetween(0, 9);
                    images.add(idx);
                }
                assertThat(images).as("K distinct images").hasSize(k);
                seen.merge(id, 1, Integer::sum);
            }
        }
        // one epoch of 10 batches covers all 50 identities exactly once (no replacement)
        assertThat(seen).hasSize(n);
        assertThat(seen.values()).containsOnly(1);
        assertThat(s.epoch()).isZero();
        s.next();
        assertThat(s.epoch()).isEqualTo(1);
    }

    @Test
    void identitiesWithFewerThanKImagesReuseThemAndAreCounted() {
        // identity i has (i % 3) + 1 images: 1, 2 or 3, with K = 4
        IdentityBatchSampler s = new IdentityBatchSampler(30, id -> id % 3 + 1, 12, 4, 1);
        Batch b = s.next();
        int expectedReuse = 0;
        for (int i = 0; i < 3; i++) {
            int id = b.identities()[i * 4];
            int count = id % 3 + 1;
            expectedReuse += 4 - count;
            Set<Integer> distinct = new HashSet<>();
            for (int j = 0; j < 4; j++) distinct.add(b.indices()[i * 4 + j]);
            assertThat(distinct).hasSize(count);
            assertThat(distinct).allMatch(x -> x < count);
        }
        assertThat(b.reusedImages()).isEqualTo(expectedReuse);
    }

    @Test
    void sameSeedSameBatchesAndRestoredStateContinuesIdentically() {
        IdentityBatchSampler a = new IdentityBatchSampler(37, id -> 7, 16, 4, 9);
        IdentityBatchSampler b = new IdentityBatchSampler(37, id -> 7, 16, 4, 9);
        for (int i = 0; i < 13; i++) {
            Batch x = a.next(), y = b.next();
            assertThat(x.identities()).isEqualTo(y.identities());
            assertThat(x.indices()).isEqualTo(y.indices());
        }
        long[] state = a.state();
        Batch expected = a.next();
        IdentityBatchSampler resumed = new IdentityBatchSampler(37, id -> 7, 16, 4, 9);
        resumed.restore(state);
        Batch got = resumed.next();
        assertThat(got.identities()).isEqualTo(expected.identities());
        assertThat(got.indices()).isEqualTo(expected.indices());
        assertThat(got.step()).isEqualTo(expected.step());
        // a different seed gives a different order
        IdentityBatchSampler other = new IdentityBatchSampler(37, id -> 7, 16, 4, 10);
        assertThat(other.next().identities()).isNotEqualTo(new IdentityBatchSampler(37, id -> 7, 16, 4, 9).next().identities());
    }

    @Test
    void lookalikeGroupsFillTheConfiguredShareOfIdentities() {
        // every identity's lookalikes are its two successors
        LookalikeSource source = id -> new int[] {(id + 1) % 100, (id + 2) % 100};
        IdentityBatchSampler s = new IdentityBatchSampler(100, id -> 5, 40, 2, 3);
        s.useLookalikes(source, 0.5);
        Batch b = s.next();
        assertThat(b.lookalikeIdentities()).isEqualTo(10);
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < b.size(); i += 2) ids.add(b.identities()[i]);
        assertThat(ids).hasSize(20);
        // each lookalike identity sits right after the identity it was suggested for
        int pairs = 0;
        for (int i = 2; i < b.size(); i += 2) {
            int prev = b.identities()[i - 2], cur = b.identities()[i];
            if (cur == (prev + 1) % 100 || cur == (prev + 2) % 100) pairs++;
        }
        assertThat(pairs).isGreaterThanOrEqualTo(10);
    }

    @Test
    void rejectsImpossibleShapes() {
        assertThatThrownBy(() -> new IdentityBatchSampler(10, id -> 5, 30, 4, 1))
                .hasMessageContaining("not a multiple of images_per_identity 4");
        assertThatThrownBy(() -> new IdentityBatchSampler(3, id -> 5, 16, 4, 1))
                .hasMessageContaining("needs 4 identities but the dataset has only 3");
    }
}
