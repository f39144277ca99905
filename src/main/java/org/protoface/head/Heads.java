package org.protoface.head;

import org.protoface.config.Config;
import org.protoface.head.memory.DoppelgangerIndex;
import org.protoface.head.memory.PrototypeMemoryConfig;
import org.protoface.head.memory.PrototypeMemoryScorer;
import org.protoface.head.sampled.DSoftmaxKConfig;
import org.protoface.head.sampled.PartialFcConfig;
import org.protoface.head.sampled.PartialFcScorer;

import java.util.List;

/**
 * Builds the configured head: the {@code head:} key picks where class prototypes come from, the
 * {@code margin:} section how the target logit is modified; the loss follows the head kind.
 */
public final class Heads {
    public static final List<String> KINDS = List.of("full", "pm", "pfc", "dsoftmax");

    private Heads() {}

    /** The doppelganger index the sampler should draw lookalike groups from, or null. */
    public static DoppelgangerIndex lookalikes(Head head) {
        if (head instanceof MarginSoftmaxHead h && h.scorer() instanceof PrototypeMemoryScorer pm) return pm.doppelgangers();
        return null;
    }

    public static Head create(Config cfg, int numClasses, int embeddingSize) {
        String kind = cfg.string("head");
        Margin margin = Margins.create(cfg.section("margin", MarginSpec.class));
        return switch (kind) {
            case "full" -> new MarginSoftmaxHead(new FullSoftmaxScorer(numClasses, embeddingSize), margin, new SoftmaxCrossEntropy());
            case "pm" -> new MarginSoftmaxHead(new PrototypeMemoryScorer(cfg.section("pm", PrototypeMemoryConfig.class), embeddingSize),
                    margin, new SoftmaxCrossEntropy());
            case "pfc" -> new MarginSoftmaxHead(new PartialFcScorer(numClasses, embeddingSize, cfg.section("pfc", PartialFcConfig.class)),
                    margin, new SoftmaxCrossEntropy());
            case "dsoftmax" -> {
                // the dissected softmax reads the cosines and has its own thresholds; the margin
                // section does not apply, so the logits (only used for train_acc) carry no margin
                DSoftmaxKConfig d = cfg.section("dsoftmax", DSoftmaxKConfig.class);
                yield new MarginSoftmaxHead(d.scorer(numClasses, embeddingSize), new NormFace(d.scale()), d.loss());
            }
            default -> throw new IllegalArgumentException("unknown head '" + kind + "' (known: " + String.join(", ", KINDS) + ")");
        };
    }
}
