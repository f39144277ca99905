package org.protoface.lab.throughput;

import org.protoface.data.io.ImageOptions;
import org.protoface.data.io.RecordIoDataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RecordIoOpenBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void partitionGivesEveryIdentityAtLeastOneImageAndCoversAllImages() {
        for (int[] shape : new int[][] {{1000, 999}, {1000, 1000}, {100_000, 5000}, {10, 1}}) {
            int images = shape[0], identities = shape[1];
            int[] starts = RecordIoOpenBenchmark.randomPartition(images, identities, new SplittableRandom(shape[0]));
            assertThat(starts).hasSize(identities);
            assertThat(starts[0]).isEqualTo(1);
            for (int i = 1; i < identities; i++) assertThat(starts[i]).isGreaterThan(starts[i - 1]);
            assertThat(starts[identities - 1]).isLessThanOrEqualTo(images);   // the last identity owns [start, images + 1)
        }
    }

    @Test
    void aWrittenSetOpensWithEveryRangeAsWritten() throws Exception {
        RecordIoOpenBenchmark.Written w = RecordIoOpenBenchmark.write(dir, 3000, 400, 1);
        RecordIoOpenBenchmark.Result r = RecordIoOpenBenchmark.open(w);
        assertThat(r.wrongRanges()).isZero();
        assertThat(r.rangesWrongAtFaceValue()).isZero();   // far below 2^24 every float is exact
        RecordIoDataset data = RecordIoDataset.open(w.rec(), ImageOptions.of(112));
        long images = 0;
        for (int i = 0; i < data.identityCount(); i++) images += data.imageCount(i);
        assertThat(images).isEqualTo(3000);
    }
}
