package org.protoface.eval;

import org.protoface.config.Section;

import java.util.List;

/**
 * The {@code eval:} section.
 *
 * @param data               held-out data source, or "auto": synthetic identities disjoint from the
 *                           training ones (same renderer and seed, identity numbers from 2^30 up)
 * @param identities         held-out identities rendered for "auto"
 * @param imagesPerIdentity  images of each of them for "auto"
 * @param pairs              protocol pairs (a multiple of 20; LFW uses 6,000)
 * @param allPairsIdentities identities in the all-pairs set used for TAR@FAR
 * @param allPairsImages     images per identity in the all-pairs set
 * @param flip               flip-test fusion of embeddings
 * @param baseline           also score raw-pixel cosine on the same pairs
 * @param valEvery           training steps between evaluations on {@code valSets} (0 = only at the end)
 * @param valSets            validation pair sets evaluated during training: .bin files or LFW folders
 */
public record EvalConfig(String data, int identities, int imagesPerIdentity, int pairs, int allPairsIdentities,
                         int allPairsImages, boolean flip, boolean baseline, long seed, long valEvery, List<String> valSets) {
    public static final Section<EvalConfig> SECTION = new Section<>("eval", EvalConfig.class,
            new EvalConfig("auto", 1000, 30, 6000, 100, 30, true, true, 20221, 2000, List.of()));

    public EvalConfig {
        // configs saved before the validation keys existed bind them to null
        valSets = valSets == null ? List.of() : List.copyOf(valSets);
        // with auto data the held-out set is rendered from these numbers, so a TAR@FAR set it cannot
        // supply is known now, not after hours of training
        if ("auto".equals(data) && (allPairsImages > imagesPerIdentity || allPairsIdentities > identities)) {
            throw new IllegalArgumentException("eval: the all-pairs set needs " + allPairsIdentities + " identities x "
                    + allPairsImages + " images but eval.identities x eval.images_per_identity is " + identities + " x "
                    + imagesPerIdentity);
        }
    }

    /**
     * The evaluation settings this config describes: LFW-like defaults with its seed, pair count and all-pairs size.
     */
    public EvalSettings settings() {
        return EvalSettings.lfwLike(seed).withPairCount(pairs).withAllPairs(allPairsIdentities, allPairsImages);
    }
}
