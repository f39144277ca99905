package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;

/**
 * A loss computed across class shards.
 *
 * @param tensor         scalar to call backward on: its value is the global loss, its gradient
 *                       w.r.t. this rank's logits (and through them this rank's shard and the
 *                       gathered embeddings) is this rank's part of the global gradient
 * @param value          the global loss (mean over the gathered batch), identical on every rank
 * @param trainAccuracy  share of the gathered batch whose largest logit over all classes is the
 *                       target's (ties count as correct)
 * @param targetCosMean  mean cosine of each gathered sample to its own class, before the margin
 */
public record ShardedLoss(Tensor tensor, double value, double trainAccuracy, double targetCosMean) {}
