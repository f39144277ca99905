package org.protoface.head.memory;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.protoface.config.ConfigException;
import org.protoface.config.Section;

/**
 * Settings of the Prototype Memory scorer (the {@code pm:} section; YAML keys in snake_case, every key optional).
 * Images per identity (K) belong to the batch section, not here.
 *
 * <p>Defaults are chosen for the CPU preset (about 2,000 identities, batch 128 = 32 identities x 4
 * images): 1,024 slots hold the classes of the last 32 batches (about half of the identities), so
 * both refresh and eviction happen and negatives are at most ~32 steps old. A memory of 2,000 or
 * more slots would hold every identity and never evict, which hides what the method is about.
 *
 * @param memorySize             M, prototype slots (independent of the number of identities)
 * @param gradThroughPrototypes  whether the loss gradient flows through the fresh batch prototypes
 *                               into the encoder (off = prototypes are computed from detached
 *                               embeddings)
 * @param qualityWeights         weight each embedding by its raw norm over the batch maximum
 *                               (Quality-Aware Prototype Memory) instead of equally
 * @param leaveOneOut            score each sample's positive against its class prototype built
 *                               without that sample
 * @param maxAge                 steps after which a memory prototype is no longer used and its slot
 *                               is freed (0 = no limit)
 * @param doppelgangerFraction   share of each batch the sampler fills with lookalike groups
 *                               (0 = doppelganger mining off; the scorer then keeps no index)
 * @param doppelgangerNeighbours lookalikes kept per identity
 * @param doppelgangerCapacity   identities the lookalike index remembers (least recently seen are
 *                               dropped first)
 * @param gatherEmbeddings       with several ranks: every rank runs the head on the embeddings of
 *                               the global batch, gathered with their gradient, so fresh prototypes
 *                               and negatives cover all ranks' identities (as one process would);
 *                               off = each rank scores its own batch and the ranks exchange their
 *                               fresh prototypes after the step. Replicas stay identical either way.
 */
public record PrototypeMemoryConfig(
        @JsonProperty("memory_size") int memorySize,
        @JsonProperty("grad_through_prototypes") boolean gradThroughPrototypes,
        @JsonProperty("quality_weights") boolean qualityWeights,
        @JsonProperty("leave_one_out") boolean leaveOneOut,
        @JsonProperty("max_age") long maxAge,
        @JsonProperty("doppelganger_fraction") double doppelgangerFraction,
        @JsonProperty("doppelganger_neighbours") int doppelgangerNeighbours,
        @JsonProperty("doppelganger_capacity") int doppelgangerCapacity,
        @JsonProperty("gather_embeddings") boolean gatherEmbeddings) {

    public static final int DEFAULT_MEMORY_SIZE = 1024;
    public static final int DEFAULT_DOPPELGANGER_NEIGHBOURS = 3;
    public static final int DEFAULT_DOPPELGANGER_CAPACITY = 4096;
    public static final Section<PrototypeMemoryConfig> SECTION = new Section<>(PrototypeMemoryKind.NAME, PrototypeMemoryConfig.class, defaults());

    public PrototypeMemoryConfig {
        if (memorySize < 1) throw invalid("memory_size", memorySize, "must be at least 1");
        if (maxAge < 0) throw invalid("max_age", maxAge, "must be >= 0 (0 = no age limit)");
        if (!(doppelgangerFraction >= 0 && doppelgangerFraction <= 1)) {
            throw invalid("doppelganger_fraction", doppelgangerFraction, "must be in [0, 1]");
        }
        if (doppelgangerNeighbours < 1) throw invalid("doppelganger_neighbours", doppelgangerNeighbours, "must be at least 1");
        if (doppelgangerCapacity < 1) throw invalid("doppelganger_capacity", doppelgangerCapacity, "must be at least 1");
    }

    /** Without gathered embeddings. */
    public PrototypeMemoryConfig(int memorySize, boolean gradThroughPrototypes, boolean qualityWeights, boolean leaveOneOut,
                                 long maxAge, double doppelgangerFraction, int doppelgangerNeighbours, int doppelgangerCapacity) {
        this(memorySize, gradThroughPrototypes, qualityWeights, leaveOneOut, maxAge, doppelgangerFraction,
                doppelgangerNeighbours, doppelgangerCapacity, false);
    }

    /**
     * The {@code pm:} values a config leaves out: 1,024 slots, gradient through the fresh
     * prototypes, equal weights, no leave-one-out, no age limit, doppelganger mining off (3
     * lookalikes per identity for 4,096 identities once it is turned on), gathered embeddings.
     */
    public static PrototypeMemoryConfig defaults() {
        // gathered embeddings by default: N ranks then train what one process with the global
        // batch trains (measured: default job, 2 ranks, 0.8758 gathered / 0.8543 not, one process 0.8845)
        return new PrototypeMemoryConfig(DEFAULT_MEMORY_SIZE, true, false, false, 0, 0.0,
                DEFAULT_DOPPELGANGER_NEIGHBOURS, DEFAULT_DOPPELGANGER_CAPACITY, true);
    }

    /**
     * A copy with M = {@code m} prototype slots.
     *
     * @throws ConfigException when {@code m} is below 1
     */
    public PrototypeMemoryConfig withMemorySize(int m) {
        return new PrototypeMemoryConfig(m, gradThroughPrototypes, qualityWeights, leaveOneOut, maxAge,
                doppelgangerFraction, doppelgangerNeighbours, doppelgangerCapacity, gatherEmbeddings);
    }

    /** A copy in which the loss gradient does ({@code on}) or does not flow through the fresh prototypes into the encoder. */
    public PrototypeMemoryConfig withGradThroughPrototypes(boolean on) {
        return new PrototypeMemoryConfig(memorySize, on, qualityWeights, leaveOneOut, maxAge,
                doppelgangerFraction, doppelgangerNeighbours, doppelgangerCapacity, gatherEmbeddings);
    }

    /**
     * A copy whose fresh prototypes weight each embedding by its raw norm over the batch maximum
     * ({@code on}, Quality-Aware Prototype Memory, Smirnov et al., arXiv 2311.07734) or equally.
     */
    public PrototypeMemoryConfig withQualityWeights(boolean on) {
        return new PrototypeMemoryConfig(memorySize, gradThroughPrototypes, on, leaveOneOut, maxAge,
                doppelgangerFraction, doppelgangerNeighbours, doppelgangerCapacity, gatherEmbeddings);
    }

    /** A copy that does ({@code on}) or does not score each sample against its class prototype built without it. */
    public PrototypeMemoryConfig withLeaveOneOut(boolean on) {
        return new PrototypeMemoryConfig(memorySize, gradThroughPrototypes, qualityWeights, on, maxAge,
                doppelgangerFraction, doppelgangerNeighbours, doppelgangerCapacity, gatherEmbeddings);
    }

    /**
     * A copy whose memory prototypes expire after {@code steps} training steps (0 = never).
     *
     * @throws ConfigException when {@code steps} is negative
     */
    public PrototypeMemoryConfig withMaxAge(long steps) {
        return new PrototypeMemoryConfig(memorySize, gradThroughPrototypes, qualityWeights, leaveOneOut, steps,
                doppelgangerFraction, doppelgangerNeighbours, doppelgangerCapacity, gatherEmbeddings);
    }

    /**
     * A copy with doppelganger mining (Smirnov et al., "Doppelganger Mining for Face Representation
     * Learning", ICCV Workshops 2017) set.
     *
     * @param fraction   share of each batch's identities taken from lookalike groups, in [0, 1]; 0 turns mining off
     * @param neighbours lookalikes kept per identity, at least 1
     * @param capacity   identities the lookalike index remembers, at least 1
     * @throws ConfigException when a value is out of its range
     */
    public PrototypeMemoryConfig withDoppelgangers(double fraction, int neighbours, int capacity) {
        return new PrototypeMemoryConfig(memorySize, gradThroughPrototypes, qualityWeights, leaveOneOut, maxAge,
                fraction, neighbours, capacity, gatherEmbeddings);
    }

    /**
     * A copy in which, with several ranks, every rank scores the gathered global batch ({@code on})
     * or only its own batch, exchanging fresh prototypes after the step.
     */
    public PrototypeMemoryConfig withGatherEmbeddings(boolean on) {
        return new PrototypeMemoryConfig(memorySize, gradThroughPrototypes, qualityWeights, leaveOneOut, maxAge,
                doppelgangerFraction, doppelgangerNeighbours, doppelgangerCapacity, on);
    }

    /** Doppelganger mining is on when the sampler is asked to use lookalike groups at all. */
    public boolean doppelgangersEnabled() {
        return doppelgangerFraction > 0;
    }

    private static IllegalArgumentException invalid(String key, Object value, String rule) {
        return new ConfigException(PrototypeMemoryKind.NAME + "." + key + " " + rule + ", got " + value);
    }
}
