package org.protoface.head;

import org.protoface.util.Bytes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BytesFormatTest {
    @Test
    void formatsInBinaryUnits() {
        assertThat(Bytes.format(0)).isEqualTo("0 B");
        assertThat(Bytes.format(1023)).isEqualTo("1023 B");
        assertThat(Bytes.format(1024)).isEqualTo("1.00 KiB");
        assertThat(Bytes.format(1536)).isEqualTo("1.50 KiB");
        assertThat(Bytes.format(2_050_000_000L)).isEqualTo("1.91 GiB");
        // 2,059,906 x 512 float32 weights plus momentum: the WebFace42M full-softmax matrix
        assertThat(Bytes.format(2_059_906L * 512 * 4 * 2)).isEqualTo("7.86 GiB");
        assertThat(Bytes.format(Long.MAX_VALUE)).isEqualTo("8.00 EiB");
    }

    @Test
    void neverPrints1024OfASmallerUnit() {
        assertThat(Bytes.format(1024L * 1024 - 1)).isEqualTo("1.00 MiB");
        assertThat(Bytes.format(1024L * 1024 - 100)).isEqualTo("1023.90 KiB");
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> Bytes.format(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
