package org.protoface.data;

/**
 * A head's offer to the identity sampler: fill {@code batchFraction} of each batch's identities
 * with lookalike groups read from {@code source} (doppelganger mining). Heads offer it through
 * {@code Head.capability(LookalikeSampling.class)}, so training never needs to know which head
 * mines lookalikes.
 *
 * @param source        identities most similar to a given one
 * @param batchFraction share of each batch's identities drawn as lookalike groups, in (0, 1]
 */
public record LookalikeSampling(LookalikeSource source, double batchFraction) {
    public LookalikeSampling {
        if (source == null) throw new IllegalArgumentException("lookalike sampling needs a source");
        if (!(batchFraction > 0 && batchFraction <= 1)) {
            throw new IllegalArgumentException("lookalike batch fraction must be in (0, 1], got " + batchFraction);
        }
    }
}
