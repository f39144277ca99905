package org.protoface.head;

import org.protoface.config.Section;

import java.util.Optional;

/**
 * Everything about one kind of head, in one place: the name the {@code head:} key selects, its
 * typed config section (defaults included), how to build it, and what it will cost. The registry
 * ({@code org.protoface.head.registry.HeadKinds}) holds one entry per kind; adding a kind means
 * writing its package and adding one line there.
 *
 * @param <C> the record of the kind's own config section (use {@link Void} for a kind without one)
 */
public interface HeadKind<C> {
    /** The value of {@code head:} that selects this kind, e.g. "pm". */
    String name();

    /** One line for help texts, e.g. "Prototype Memory (Smirnov et al., IEEE Access 2022)". */
    String title();

    /** The kind's own config section, if it has one. */
    Optional<Section<C>> section();

    /**
     * The short form benchmarks use ("pfc:0.1", "pm:65536"): the key of the section that the
     * number after the colon sets, if the kind has one.
     */
    Optional<String> shortParameter();

    /**
     * Builds the head for {@code context.size()}. Kinds with per-identity state check the state
     * against available memory before allocating and throw {@link StateBudgetExceededException}.
     *
     * @param config the kind's bound section (null when {@link #section()} is empty)
     */
    Head create(C config, HeadContext context);

    /** What the head built from {@code config} for {@code size} will need (see {@link HeadFootprint}). */
    HeadFootprint footprint(C config, HeadSize size);

    /**
     * What one rank needs when {@code worldSize} ranks train together, {@code size} being the whole
     * job's (N, d, global batch). A kind that splits its classes across the ranks states its
     * per-rank share ({@link HeadSize#perRank}); a replicated one (the default) needs on every rank
     * what one process needs.
     */
    default HeadFootprint footprint(C config, HeadSize size, int worldSize) {
        return footprint(config, size);
    }

    /** Whether every class weight is written at every step, so negatives never age (the full softmax). */
    default boolean updatesEveryClassEveryStep() {
        return false;
    }
}
