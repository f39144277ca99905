package org.protoface.head;

import org.bytedeco.pytorch.Tensor;

/**
 * Cosines of a batch against the classes taking part in a step.
 *
 * @param cosines B x C cosines, clamped to [-1, 1], with gradient where the source has one
 * @param targets B int64 column index of each sample's own class in {@code cosines}
 */
public record Scores(Tensor cosines, Tensor targets) {}
