package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.MalformedDataException;
import org.protoface.data.TestImages;
import org.protoface.data.recordio.IRHeader;
import org.protoface.data.recordio.RecordIoWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Layout detection: an im2rec file whose records carry packed (flag > 0) labels is an im2rec file,
 * whatever its record 0's label values say; a file that fits neither layout is an error saying what
 * was found.
 */
class RecordIoLayoutTest {
    @TempDir
    Path dir;

    /**
     * 32 image records, keys 0..31, each with a 2-value label [identity label, extra]; 8 identity
     * labels of 4 images each. {@code label0} / {@code extra} give the values per key.
     */
    private Path im2recPacked(String name, int[] label0, int[] extra) throws IOException {
        Path rec = dir.resolve(name + ".rec");
        try (RecordIoWriter w = new RecordIoWriter(rec, dir.resolve(name + ".idx"))) {
            for (int k = 0; k < 32; k++) {
                w.write(k, IRHeader.array(new float[] {label0[k], extra[k]}, k).encodeWith(TestImages.png(k, 8)));
            }
            w.commit();
        }
        return rec;
    }

    private static void assertEightIdentitiesOfFour(RecordIoDataset ds, int[] label0) throws MalformedDataException {
        assertThat(ds.layout()).isEqualTo(RecordIoDataset.Layout.IM2REC);
        assertThat(ds.identityCount()).isEqualTo(8);
        assertThat(ds.totalImages()).isEqualTo(32);
        Map<Float, Integer> counts = new HashMap<>();
        for (int id = 0; id < 8; id++) {
            assertThat(ds.imageCount(id)).isEqualTo(4);
            for (int j = 0; j < 4; j++) {
                long key = ds.imageKey(id, j);
                assertThat((float) label0[(int) key]).isEqualTo(ds.originalLabel(id));
            }
            counts.merge(ds.originalLabel(id), 1, Integer::sum);
        }
        assertThat(counts).hasSize(8);
    }

    @Test
    void packedLabelsStartingAtZeroAreIm2rec() throws IOException {
        // list indices from 0: record 0's label is [0, 1], which as a header would be "a = 0"
        int[] label0 = new int[32], extra = new int[32];
        for (int k = 0; k < 32; k++) {
            label0[k] = k / 4;
            extra[k] = k / 4 + 1;
        }
        assertEightIdentitiesOfFour(RecordIoDataset.open(im2recPacked("zero", label0, extra), ImageOptions.of(8)), label0);
    }

    @Test
    void packedLabelsThatLookLikeAHeaderAreStillIm2rec() throws IOException {
        // record 0's label [3, 5] and records 3, 4 with [1, 2], [2, 3] read like an InsightFace header with
        // two identity ranges: taken at face value, 2 images of 2 identities instead of 32 of 8
        int[] label0 = new int[32], extra = new int[32];
        int[] shuffledLabels = {3, 5, 6, 1, 2, 0, 4, 7};
        for (int k = 0; k < 32; k++) label0[k] = shuffledLabels[k % 8];
        extra[0] = 5;
        extra[3] = 2;
        extra[4] = 3;
        assertThat(label0[0]).isEqualTo(3);
        assertThat(label0[3]).isEqualTo(1);
        assertThat(label0[4]).isEqualTo(2);
        assertEightIdentitiesOfFour(RecordIoDataset.open(im2recPacked("lookalike", label0, extra), ImageOptions.of(8)), label0);
    }

    @Test
    void aFileThatFitsNeitherLayoutIsAnErrorSayingWhatWasFound() throws IOException {
        // record 0 without an image and with a single label: neither a header nor an image
        Path rec = dir.resolve("odd.rec");
        try (RecordIoWriter w = new RecordIoWriter(rec, dir.resolve("odd.idx"))) {
            w.write(0, IRHeader.scalar(4, 0).encodeWith(new byte[0]));
            for (int k = 1; k < 4; k++) w.write(k, IRHeader.scalar(k, k).encodeWith(TestImages.png(k, 8)));
            w.commit();
        }
        assertThatThrownBy(() -> RecordIoDataset.open(rec, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("record 0").hasMessageContaining("no image").hasMessageContaining("4.0")
                .hasMessageContaining("neither");

        // a header [3, 5) whose "identity records" 3 and 4 hold images
        Path rec2 = dir.resolve("mixed.rec");
        try (RecordIoWriter w = new RecordIoWriter(rec2, dir.resolve("mixed.idx"))) {
            w.write(0, IRHeader.array(new float[] {3, 5}, 0).encodeWith(new byte[0]));
            for (int k = 1; k < 5; k++) w.write(k, IRHeader.array(new float[] {1, 2}, k).encodeWith(TestImages.png(k, 8)));
            w.commit();
        }
        assertThatThrownBy(() -> RecordIoDataset.open(rec2, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("identity record 3").hasMessageContaining("a PNG");
    }
}
