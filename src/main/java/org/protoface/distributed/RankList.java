package org.protoface.distributed;

import java.util.List;
import java.util.Map;

/** Ranks in messages: "rank 1", "ranks 1 and 3", "ranks 1, 3 and 5". */
final class RankList {
    private RankList() {}

    static String describe(List<Integer> ranks) {
        if (ranks.isEmpty()) return "no rank";
        if (ranks.size() == 1) return "rank " + ranks.get(0);
        StringBuilder b = new StringBuilder("ranks ");
        for (int i = 0; i < ranks.size(); i++) {
            if (i > 0) b.append(i == ranks.size() - 1 ? " and " : ", ");
            b.append(ranks.get(i));
        }
        return b.toString();
    }

    /** "it is at collective #7" / "rank 1 is at collective #7, rank 2 at #5". */
    static String positions(List<Integer> ranks, Map<Integer, Long> collectives) {
        if (ranks.size() == 1) return "it is at collective #" + collectives.get(ranks.get(0));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ranks.size(); i++) {
            if (i > 0) b.append(", ");
            b.append("rank ").append(ranks.get(i)).append(i == 0 ? " is at #" : " at #").append(collectives.get(ranks.get(i)));
        }
        return b.toString();
    }
}
