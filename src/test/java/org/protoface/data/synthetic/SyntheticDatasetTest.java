package org.protoface.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
    @Test
    void reportsCountsAndSize() {
        SyntheticDataset data = SyntheticDataset.parse("synthetic:identities=20,images=5,size=32,seed=3");
        assertThat(data.identityCount()).isEqualTo(20);
        assertThat(data.imageCount(19)).isEqualTo(5);
        assertThat(data.imageSize()).isEqualTo(32);
        assertThat(data.describe()).contains("20 identities", "5 images", "32 px", "seed 3");
    }

    @Test
    void loadWritesNormalisedChwOfTheRenderedBytes() throws Exception {
        SyntheticDataset data = SyntheticDataset.parse("synthetic:identities=4,images=3,size=16,seed=1");
        int values = 3 * 16 * 16;
        float[] dst = new float[values + 10];
        dst[4] = 99f;
        data.load(2, 1, dst, 5);
        byte[] rgb = data.render(2, 1).rgb();
        assertThat(dst[4]).isEqualTo(99f); // nothing written before the offset
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    double byteValue = rgb[(y * 16 + x) * 3 + c] & 0xFF;
                    double expected = (byteValue / 255.0 - 0.5) / 0.5;
                    assertThat((double) dst[5 + c * 256 + y * 16 + x]).isCloseTo(expected,
                            org.assertj.core.api.Assertions.within(1e-6));
                }
            }
        }
    }

    @Test
    void labelKRendersIdentityNumberOffsetPlusK() {
        SyntheticDataset base = SyntheticDataset.parse("synthetic:identities=10,images=2,size=24,seed=9");
        SyntheticDataset shifted = SyntheticDataset.parse("synthetic:identities=3,images=2,size=24,seed=9,offset=7");
        assertThat(shifted.render(0, 1).rgb()).isEqualTo(base.render(7, 1).rgb());
        assertThat(shifted.render(2, 0).rgb()).isEqualTo(base.render(9, 0).rgb());
    }

    @Test
    void rejectsOutOfRangeIndicesAndShortBuffers() {
        SyntheticDataset data = SyntheticDataset.parse("synthetic:identities=4,images=3,size=16");
        assertThatThrownBy(() -> data.load(4, 0, new float[768], 0)).hasMessageContaining("identity 4");
        assertThatThrownBy(() -> data.load(0, 3, new float[768], 0)).hasMessageContaining("image index 3");
        assertThatThrownBy(() -> data.load(0, 0, new float[768], 1)).hasMessageContaining("offset 1");
        assertThatThrownBy(() -> data.imageCount(-1)).hasMessageContaining("identity -1");
    }
}
