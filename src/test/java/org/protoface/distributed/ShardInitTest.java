package org.protoface.distributed;

import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShardInitTest {
    @Test
    void rowsDoNotDependOnHowTheMatrixIsSplit() {
        int n = ShardInit.BLOCK + 905, d = 3;
        float[] whole = Tensors.floats(ShardInit.normalRows(9, 0, n, d, 0.01));
        // splits that start and end inside blocks, on a block boundary, and span it
        long[][] ranges = {{0, 1}, {100, 4000}, {ShardInit.BLOCK - 2, 5}, {ShardInit.BLOCK, 905}, {4095, 906}};
        for (long[] r : ranges) {
            float[] part = Tensors.floats(ShardInit.normalRows(9, r[0], r[1], d, 0.01));
            assertThat(part).as("rows %d..%d", r[0], r[0] + r[1]).containsExactly(Arrays.copyOfRange(whole, (int) (r[0] * d), (int) ((r[0] + r[1]) * d)));
        }
        assertThat(Tensors.floats(ShardInit.normalRows(10, 0, 1, d, 0.01))).isNotEqualTo(Arrays.copyOf(whole, d));
    }

    @Test
    void entriesHaveTheRequestedSpread() {
        float[] w = Tensors.floats(ShardInit.normalRows(3, 0, 5000, 8, 0.01));
        double sum = 0, sq = 0;
        for (float v : w) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / w.length, std = Math.sqrt(sq / w.length - mean * mean);
        // 40,000 draws: the sample std is within 1% of 0.01 with overwhelming probability
        assertThat(std).isCloseTo(0.01, within(3e-4));
        assertThat(mean).isCloseTo(0, within(3e-4));
    }
}
