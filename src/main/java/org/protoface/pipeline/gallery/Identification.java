package org.protoface.pipeline.gallery;

import java.util.List;

/**
 * The answer for one probe face: the best identities and the decision.
 *
 * @param matches   the top identities, best cosine first
 * @param threshold the cosine an identity must reach to be named
 */
public record Identification(List<IdentityMatch> matches, double threshold) {
    /** Name given to a probe whose best identity scores below the threshold. */
    public static final String UNKNOWN = "unknown";

    /** The best identity if it reaches the threshold, else {@value #UNKNOWN}. */
    public String decision() {
        return !matches.isEmpty() && matches.get(0).cosine() >= threshold ? matches.get(0).identity() : UNKNOWN;
    }

    /** The best cosine, or -1 for an empty gallery. */
    public double bestCosine() {
        return matches.isEmpty() ? -1 : matches.get(0).cosine();
    }
}
