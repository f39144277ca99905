package org.protoface.data;

import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.loader.Batch;
import org.protoface.data.loader.BatchLoader;
import org.protoface.data.loader.IdentityBatchSampler;
import org.protoface.data.loader.LoadedBatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the loader counts and survives bad images: corrupt records, identities with no decodable image. */
class BatchLoaderDataFaultsTest {
    private static final int SIZE = 2;

    /** Every pixel of image j of identity i is i * 10 + j; the listed images throw as corrupt. */
    private static final class MarkedFaces implements FaceDataset {
        final int identities, images;
        final Set<Long> corrupt = new HashSet<>();
        final AtomicInteger loads = new AtomicInteger();

        MarkedFaces(int identities, int images) {
            this.identities = identities;
            this.images = images;
        }

        MarkedFaces corrupt(int identity, int index) {
            corrupt.add((long) identity << 32 | index);
            return this;
        }

        @Override public int identityCount() { return identities; }
        @Override public int imageCount(int identity) { return images; }
        @Override public int imageSize() { return SIZE; }
        @Override public String describe() { return "marked faces"; }
        @Override public String identityLabel(int identity) { return "person-" + identity; }

        @Override
        public void load(int identity, int index, float[] dst, int offset) throws CorruptRecordException {
            loads.incrementAndGet();
            if (corrupt.contains((long) identity << 32 | index)) throw new CorruptRecordException("bad " + identity + "/" + index);
            Arrays.fill(dst, offset, offset + 3 * SIZE * SIZE, identity * 10 + index);
        }
    }

    private static BatchLoader loader(FaceDataset data, int batch, int prefetch, long seed) {
        IdentityBatchSampler sampler = new IdentityBatchSampler(data.identityCount(), data::imageCount, batch, 2, seed);
        return new BatchLoader(data, sampler, AugmentConfig.flipOnly(0), seed, 2, prefetch);
    }

    @Test
    void corruptRecordsCountOnlyTheBatchesHandedOut() throws Exception {
        // 2 identities x 2 images, batch 2 x 2: every batch reads identity 0's corrupt image once
        MarkedFaces data = new MarkedFaces(2, 2).corrupt(0, 0);
        try (BatchLoader loader = loader(data, 4, 5, 1)) {
            LoadedBatch first = loader.next();
            // let the producer fill its prefetch queue (5 more batches, 4 images each, 1 retried)
            while (data.loads.get() < 6 * 5) Thread.sleep(5);
            assertThat(first.skippedCorrupt()).isEqualTo(1);
            assertThat(loader.corruptRecords()).isEqualTo(1);
            loader.next();
            assertThat(loader.corruptRecords()).isEqualTo(2);
        }
    }

    /** Checks that every sample's pixels are the image its batch entry names, and P distinct identities x K. */
    private static void assertConsistent(LoadedBatch lb, int excluded) {
        Batch b = lb.batch();
        int per = 3 * SIZE * SIZE;
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < b.size(); i++) {
            assertThat(b.identities()[i]).isNotEqualTo(excluded);
            ids.add(b.identities()[i]);
            float v = lb.images()[i * per];
            assertThat((int) v / 10).as("sample %d's pixels belong to its label", i).isEqualTo(b.identities()[i]);
        }
        assertThat(ids).hasSize(b.size() / 2);
        for (int i = 0; i < b.size(); i += 2) assertThat(b.identities()[i + 1]).isEqualTo(b.identities()[i]);
    }

    /** README: corrupt_records counts images that failed to decode, those of a dropped identity included. */
    @Test
    void theImagesOfADroppedIdentityAreCorruptRecordsCountedOnce() throws Exception {
        // identity 2 has 5 images and none decodes; every other image decodes
        MarkedFaces data = new MarkedFaces(6, 5);
        for (int j = 0; j < 5; j++) data.corrupt(2, j);
        try (BatchLoader loader = loader(data, 4, 1, 3)) {
            long droppedAt = -1;
            for (int step = 0; step < 30; step++) {
                LoadedBatch lb = loader.next();
                if (lb.droppedIdentities() > 0) {
                    droppedAt = step;
                    assertThat(lb.skippedCorrupt()).as("the batch that met identity 2").isEqualTo(5);
                }
            }
            assertThat(droppedAt).as("identity 2 was drawn").isNotNegative();
            assertThat(loader.droppedIdentities()).isEqualTo(1);
            // later batches never read identity 2 again, so its five images count once
            assertThat(loader.counters()).containsEntry("corrupt_records", 5L).containsEntry("dropped_identities", 1L);
        }
    }

    @Test
    void identityWithNoDecodableImageIsDroppedAndTheRunGoesOn() throws Exception {
        MarkedFaces data = new MarkedFaces(6, 2).corrupt(3, 0).corrupt(3, 1);
        List<int[]> first = new ArrayList<>();
        try (BatchLoader loader = loader(data, 4, 2, 7)) {
            for (int step = 0; step < 12; step++) {
                LoadedBatch lb = loader.next();
                assertConsistent(lb, 3);
                first.add(lb.batch().identities());
            }
            assertThat(loader.droppedIdentities()).isEqualTo(1);
            assertThat(loader.counters()).containsEntry("dropped_identities", 1L);
        }
        // a resumed run (sampler restored mid-way, a new loader that has not met identity 3 yet)
        // replaces it by the same identities as the uninterrupted one
        IdentityBatchSampler sampler = new IdentityBatchSampler(6, data::imageCount, 4, 2, 7);
        for (int step = 0; step < 5; step++) sampler.next();
        try (BatchLoader resumed = new BatchLoader(data, sampler, AugmentConfig.flipOnly(0), 7, 2, 2)) {
            for (int step = 5; step < 12; step++) assertThat(resumed.next().batch().identities()).isEqualTo(first.get(step));
        }
    }

    @Test
    void loaderStopsWithANamedErrorWhenNoIdentityCanFillTheBatch() {
        MarkedFaces data = new MarkedFaces(3, 1).corrupt(0, 0).corrupt(1, 0).corrupt(2, 0);
        try (BatchLoader loader = loader(data, 4, 1, 3)) {
            assertThatThrownBy(loader::next).isInstanceOf(DataLoadingException.class)
                    .hasMessageContaining("marked faces").hasMessageContaining("person-");
        }
    }
}
