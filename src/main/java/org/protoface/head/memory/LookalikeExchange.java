package org.protoface.head.memory;

import org.protoface.distributed.Collectives;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lookalike lists each rank mined from its own batch, gathered so every rank records the same
 * lists in the same (rank) order and the doppelganger indexes, like the memories, stay identical.
 * Two variable-size all-gathers: the identities, then their lists padded to {@code neighbours}
 * with -1.
 */
final class LookalikeExchange {
    private LookalikeExchange() {}

    /**
     * A collective.
     *
     * @param mine identity -> its lookalikes (at most {@code neighbours}), in this rank's order
     * @return every rank's entries in rank order (a later rank's list wins for an identity two ranks mined)
     */
    static Map<Long, long[]> allGather(Collectives world, Map<Long, long[]> mine, int neighbours) {
        long[] ids = new long[mine.size()];
        long[] lists = new long[mine.size() * neighbours];
        Arrays.fill(lists, -1);
        int i = 0;
        for (Map.Entry<Long, long[]> e : mine.entrySet()) {
            ids[i] = e.getKey();
            long[] like = e.getValue();
            System.arraycopy(like, 0, lists, i * neighbours, Math.min(like.length, neighbours));
            i++;
        }
        long[] allIds, allLists;
        try (TensorScope scope = TensorScope.open()) {
            allIds = Tensors.longs(world.allGatherRows(Tensors.ofLongs(ids, ids.length)).all());
            allLists = Tensors.longs(world.allGatherRows(Tensors.ofLongs(lists, ids.length, neighbours)).all());
        }
        Map<Long, long[]> out = new LinkedHashMap<>();
        for (int k = 0; k < allIds.length; k++) {
            int len = 0;
            while (len < neighbours && allLists[k * neighbours + len] >= 0) len++;
            out.remove(allIds[k]);
            out.put(allIds[k], Arrays.copyOfRange(allLists, k * neighbours, k * neighbours + len));
        }
        return out;
    }
}
