package org.protoface.pipeline.gallery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Face hits to identities: each identity scores the best cosine over its faces (max pooling). */
public final class IdentityRanking {
    private IdentityRanking() {}

    /** The {@code top} best identities among {@code hits}, best first; ties keep the first-seen identity first. */
    public static List<IdentityMatch> rank(List<FaceHit> hits, int top) {
        Map<String, IdentityMatch> best = new LinkedHashMap<>();
        for (FaceHit h : hits) {
            IdentityMatch m = best.get(h.identity());
            if (m == null || h.cosine() > m.cosine()) best.put(h.identity(), new IdentityMatch(h.identity(), h.cosine(), h.source()));
        }
        List<IdentityMatch> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingDouble(IdentityMatch::cosine).reversed());
        return out.size() > top ? List.copyOf(out.subList(0, top)) : out;
    }
}
