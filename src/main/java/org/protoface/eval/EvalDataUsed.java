package org.protoface.eval;

import java.util.List;
import java.util.Locale;

/**
 * What a held-out evaluation actually used, next to what the settings asked for: the protocol's
 * defaults (LFW's 6,000 pairs, an all-pairs set of 100 identities x 30 images) are fitted to the
 * data given, and this says how. Written to eval.json as {@code data_used}.
 *
 * @param identities                 identities in the held-out dataset
 * @param images                     images in it
 * @param pairs                      protocol pairs drawn (0 when the 10-fold protocol was skipped)
 * @param pairsRequested             pairs the settings asked for
 * @param pairIdentities             distinct identities appearing in the pairs
 * @param allPairsIdentities         identities in the all-pairs set (0 when it was skipped)
 * @param allPairsImagesPerIdentity  images of each of them
 * @param allPairsIdentitiesRequested  identities the settings asked for
 * @param allPairsImagesRequested    images per identity the settings asked for
 * @param notes                      what was fitted or skipped, and why, one sentence each
 */
public record EvalDataUsed(int identities, long images, int pairs, int pairsRequested, int pairIdentities,
                           int allPairsIdentities, int allPairsImagesPerIdentity, int allPairsIdentitiesRequested,
                           int allPairsImagesRequested, List<String> notes) {
    public EvalDataUsed {
        notes = List.copyOf(notes);
    }

    /** e.g. "used 55 identities, 4,940 pairs (asked 6,000); all pairs 55 x 10 images (asked 100 x 30)". */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "used %,d of %,d identities, %,d pairs", pairIdentities,
                identities, pairs));
        if (pairs != pairsRequested) s.append(String.format(Locale.ROOT, " (asked %,d)", pairsRequested));
        if (allPairsIdentities > 0) {
            s.append(String.format(Locale.ROOT, "; all pairs %,d x %d images", allPairsIdentities, allPairsImagesPerIdentity));
            if (allPairsIdentities != allPairsIdentitiesRequested || allPairsImagesPerIdentity != allPairsImagesRequested) {
                s.append(String.format(Locale.ROOT, " (asked %,d x %d)", allPairsIdentitiesRequested, allPairsImagesRequested));
            }
        } else {
            s.append("; no all-pairs set");
        }
        return s.toString();
    }
}
