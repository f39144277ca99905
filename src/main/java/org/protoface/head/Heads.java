package org.protoface.head;

import org.protoface.config.Config;

import java.util.List;

/**
 * Builds the configured head: the {@code head:} key picks where class prototypes come from, the
 * {@code margin:} section how the target logit is modified; the loss follows the head kind.
 */
public final class Heads {
    public static final List<String> KINDS = List.of("full");

    private Heads() {}

    public static Head create(Config cfg, int numClasses, int embeddingSize) {
        String kind = cfg.string("head");
        Margin margin = Margins.create(cfg.section("margin", MarginSpec.class));
        return switch (kind) {
            case "full" -> new MarginSoftmaxHead(new FullSoftmaxScorer(numClasses, embeddingSize), margin, new SoftmaxCrossEntropy());
            default -> throw new IllegalArgumentException("unknown head '" + kind + "' (known: " + String.join(", ", KINDS) + ")");
        };
    }
}
