package org.protoface.data.io;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class GroupedIdentityTableTest {
    @Test
    void groupsLikeASortedMapOfLabelsKeepingFileOrderWithinALabel() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 5000;
        long[] keys = new long[n];
        float[] labels = new float[n];
        TreeMap<Float, List<Long>> expected = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            keys[i] = 10L * i + random.nextInt(10);
            // negative, zero, fractional and large labels all occur in real im2rec lists
            labels[i] = switch (random.nextInt(4)) {
                case 0 -> -random.nextInt(50);
                case 1 -> random.nextInt(50) + 0.5f;
                case 2 -> 1e7f + random.nextInt(20);
                default -> random.nextInt(3);
            };
            float key = labels[i] == 0f ? 0f : labels[i];
            expected.computeIfAbsent(key, l -> new ArrayList<>()).add(keys[i]);
        }
        GroupedIdentityTable table = new GroupedIdentityTable(keys, labels);
        assertThat(table.identityCount()).isEqualTo(expected.size());
        assertThat(table.totalImages()).isEqualTo(n);
        int identity = 0;
        for (Map.Entry<Float, List<Long>> e : expected.entrySet()) {
            assertThat(table.label(identity)).isEqualTo(e.getKey());
            assertThat(table.imageCount(identity)).isEqualTo(e.getValue().size());
            for (int j = 0; j < e.getValue().size(); j++) assertThat(table.imageKey(identity, j)).isEqualTo(e.getValue().get(j));
            identity++;
        }
    }
}
