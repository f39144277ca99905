package org.protoface.lab.obsolescence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObsolescencePlotsTest {
    @Test
    void histogramBucketsAreLabelledByTheirAgeRange() {
        assertThat(ObsolescencePlots.bucketLabel(0)).isEqualTo("0");
        assertThat(ObsolescencePlots.bucketLabel(1)).isEqualTo("1");
        assertThat(ObsolescencePlots.bucketLabel(3)).isEqualTo("4-7");
        assertThat(ObsolescencePlots.bucketLabel(15)).isEqualTo("16384+");
    }
}
