package org.protoface.head;

import org.bytedeco.pytorch.Tensor;

import java.util.Map;

/**
 * What one head forward produced: the scalar loss (with gradient) and telemetry values for
 * metrics.jsonl (names in snake_case, e.g. "memory_fill", "neg_age_mean").
 */
public record HeadStep(Tensor loss, Map<String, Double> telemetry) {
    public HeadStep(Tensor loss) {
        this(loss, Map.of());
    }
}
