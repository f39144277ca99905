package org.protoface.eval;

import java.util.List;

/**
 * An ordered list of verification pairs in fold order (fold 0 first), as produced by
 * {@link PairGenerator}. The order matters: {@link TenFoldVerification} splits pairs into folds by
 * position.
 *
 * @param pairs            the pairs, in fold order
 * @param identityDisjoint true when no identity appears in two different folds (as in LFW); false
 *                         when the dataset was too small and the generator fell back to drawing
 *                         every fold from all identities
 */
public record PairList(List<ImagePair> pairs, boolean identityDisjoint) {
    public PairList {
        pairs = List.copyOf(pairs);
    }

    /** Number of pairs. */
    public int size() {
        return pairs.size();
    }

    /** Pair {@code i} in fold order. */
    public ImagePair get(int i) {
        return pairs.get(i);
    }

    /** Ground-truth labels in pair order, ready for {@link PairScores}. */
    public boolean[] issame() {
        boolean[] same = new boolean[pairs.size()];
        for (int i = 0; i < same.length; i++) same[i] = pairs.get(i).same();
        return same;
    }

    /** Number of same-identity pairs. */
    public int sameCount() {
        int n = 0;
        for (ImagePair p : pairs) if (p.same()) n++;
        return n;
    }
}
