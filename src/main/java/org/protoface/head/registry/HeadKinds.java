package org.protoface.head.registry;

import org.protoface.config.Config;
import org.protoface.config.ConfigException;
import org.protoface.config.Section;
import org.protoface.head.Head;
import org.protoface.head.HeadContext;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadKind;
import org.protoface.head.HeadSize;
import org.protoface.head.full.FullSoftmaxKind;
import org.protoface.head.MarginSpec;
import org.protoface.head.memory.PrototypeMemoryKind;
import org.protoface.head.sampled.DSoftmaxKKind;
import org.protoface.head.sampled.PartialFcKind;
import org.protoface.torch.Device;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of head kinds: one line per kind. Everything else (names, sections, defaults,
 * factories, footprints) comes from the {@link HeadKind} entries, so the {@code head:} key,
 * the config's known sections, the benchmarks and the fit checks all follow this list.
 */
public final class HeadKinds {
    private static final List<HeadKind<?>> KINDS = List.of(
            FullSoftmaxKind.INSTANCE,
            PrototypeMemoryKind.INSTANCE,
            PartialFcKind.INSTANCE,
            DSoftmaxKKind.INSTANCE);

    /** The {@code head:} value when a config names none. */
    public static final String DEFAULT = FullSoftmaxKind.INSTANCE.name();

    private HeadKinds() {}

    /** Every registered head kind, in registry order (full, pm, pfc, dsoftmax); unmodifiable. */
    public static List<HeadKind<?>> all() {
        return KINDS;
    }

    /** The values the {@code head:} key accepts, in registry order. */
    public static List<String> names() {
        return KINDS.stream().map(HeadKind::name).toList();
    }

    /** @throws ConfigException naming the unknown kind and the known ones */
    public static HeadKind<?> named(String name) {
        for (HeadKind<?> k : KINDS) if (k.name().equals(name)) return k;
        throw new ConfigException("unknown head '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** The config sections the kinds own ({@code pm}, {@code pfc}, ...). */
    public static List<Section<?>> sections() {
        List<Section<?>> out = new ArrayList<>();
        for (HeadKind<?> k : KINDS) k.section().ifPresent(out::add);
        return out;
    }

    /** The kind {@code cfg} selects with its {@code head:} key. */
    public static HeadKind<?> selected(Config cfg) {
        return named(cfg.string("head", DEFAULT));
    }

    /**
     * Builds the head {@code cfg} selects; the kind receives only its own bound section.
     *
     * @throws ConfigException for an unknown kind or a bad section value
     * @throws org.protoface.head.StateBudgetExceededException if its state cannot fit in memory
     */
    public static Head create(Config cfg, HeadSize size, Device device) {
        return build(selected(cfg), cfg, new HeadContext(size, cfg.get(MarginSpec.SECTION), device));
    }

    /**
     * Builds the head {@code cfg} selects with a full context (the ranks of the job, the run's seed
     * and optimizer rule); the kind receives only its own bound section.
     */
    public static Head create(Config cfg, HeadContext context) {
        return build(selected(cfg), cfg, context);
    }

    /** What the head {@code cfg} selects will need at {@code size}, without building it. */
    public static HeadFootprint footprint(Config cfg, HeadSize size) {
        return footprintOf(selected(cfg), cfg, size, 1);
    }

    /** What one of {@code worldSize} ranks needs for the head {@code cfg} selects, {@code size} being the whole job's. */
    public static HeadFootprint footprint(Config cfg, HeadSize size, int worldSize) {
        return footprintOf(selected(cfg), cfg, size, worldSize);
    }

    private static <C> Head build(HeadKind<C> kind, Config cfg, HeadContext context) {
        return kind.create(kind.section().map(cfg::get).orElse(null), context);
    }

    private static <C> HeadFootprint footprintOf(HeadKind<C> kind, Config cfg, HeadSize size, int worldSize) {
        C section = kind.section().map(cfg::get).orElse(null);
        return worldSize == 1 ? kind.footprint(section, size) : kind.footprint(section, size, worldSize);
    }
}
