package org.protoface.distributed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrototypeExchangeTest {
    @Test
    void exchangeKeepsTheLastCopyOfAClassInRankOrder() {
        float[] rows = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
        PrototypeExchange.Exchanged e = PrototypeExchange.dropEarlierDuplicates(new long[] {5, 9, 2, 7, 9}, rows, 2, new long[] {3, 2});
        assertThat(e.labels()).containsExactly(5, 2, 7, 9);
        assertThat(e.rows()).containsExactly(1, 1, 3, 3, 4, 4, 5, 5);
        assertThat(e.duplicates()).isEqualTo(1);
        PrototypeExchange.Exchanged none = PrototypeExchange.dropEarlierDuplicates(new long[] {1, 2}, new float[] {1, 2}, 1, new long[] {1, 1});
        assertThat(none.labels()).containsExactly(1, 2);
        assertThat(none.duplicates()).isZero();
    }
}
