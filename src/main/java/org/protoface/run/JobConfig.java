package org.protoface.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.protoface.config.Config;
import org.protoface.config.Section;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.source.DataSources;
import org.protoface.distributed.DistConfig;
import org.protoface.encoder.EncoderSpec;
import org.protoface.eval.EvalConfig;
import org.protoface.head.MarginSpec;
import org.protoface.head.registry.HeadKinds;
import org.protoface.train.BatchConfig;
import org.protoface.train.LoopConfig;
import org.protoface.train.OptimConfig;
import org.protoface.train.ScheduleConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a training job's configuration: its top-level keys (the fixed sections and every
 * head kind's own section) and the fully resolved form saved as {@code <out>/config.yaml}, in
 * which every key has its value, defaults included.
 */
public final class JobConfig {
    /** The sections every job has, in the order they are written. */
    public static final List<Section<?>> SECTIONS = List.of(EncoderSpec.SECTION, MarginSpec.SECTION, BatchConfig.SECTION,
            OptimConfig.SECTION, ScheduleConfig.SECTION, LoopConfig.SECTION, AugmentConfig.SECTION, EvalConfig.SECTION, DistConfig.SECTION);

    /** Top-level config keys; anything else is a typo. */
    public static final List<String> KEYS = keys();

    private JobConfig() {}

    private static List<String> keys() {
        List<String> k = new ArrayList<>(List.of("data", "head"));
        for (Section<?> s : allSections()) k.add(s.key());
        return List.copyOf(k);
    }

    private static List<Section<?>> allSections() {
        List<Section<?>> all = new ArrayList<>(SECTIONS);
        all.addAll(HeadKinds.sections());
        return all;
    }

    /**
     * Every key of the job with its value: the config's own values over the defaults. Binding each
     * section here also validates it, so a bad value fails before anything is built.
     *
     * @throws org.protoface.config.ConfigException naming an unknown key or a bad value
     */
    public static Config resolve(Config cfg) {
        cfg.requireOnlyKeys(KEYS);
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("data", cfg.string("data", DataSources.DEFAULT));
        tree.put("head", HeadKinds.selected(cfg).name());
        for (Section<?> s : allSections()) tree.set(s.key(), Config.treeOf(cfg.get(s)));
        return new Config(tree);
    }
}
