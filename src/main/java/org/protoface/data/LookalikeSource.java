package org.protoface.data;

/** Suggests identities that look like a given one (doppelganger mining feeds the sampler). */
public interface LookalikeSource {
    /** Identities most similar to {@code identity}, most similar first; empty if unknown. */
    int[] lookalikes(int identity);
}
