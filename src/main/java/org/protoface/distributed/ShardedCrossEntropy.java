package org.protoface.distributed;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Softmax cross-entropy over classes split across ranks (insightface's DistCrossEntropy, built
 * from c10d collectives): with z the logits of the gathered batch (B x N, rank r holding the
 * columns of its shard),
 * <pre>
 *   L = (1/B) sum_i [ log sum_j exp(z_ij) - z_{i,y_i} ]
 * </pre>
 * The log-sum-exp runs across ranks ({@link CrossRankLogSumExp}: all-reduce of the row maxima,
 * then of the row sums); the target logit z_{i,y_i} comes from the rank owning class y_i (an
 * all-reduce sum in which the other ranks add 0). Three all-reduces of B-vectors per step.
 *
 * <p>Gradient: d L / d z_ij = (softmax_ij - [j = y_i]) / B for this rank's columns, exactly what
 * one process computes for those columns; backpropagating {@link ShardedLoss#tensor()} gives
 * this rank's shard its exact gradient and the gathered embeddings this shard's part of theirs
 * (sum them over ranks: {@link GatheredEmbeddings.Reduction#SUM}).
 */
public final class ShardedCrossEntropy {
    private ShardedCrossEntropy() {}

    /**
     * @param cosines      B x C_r cosines of the gathered batch against this shard (before the margin; for telemetry)
     * @param logits       B x C_r float32 logits after the margin (with gradient)
     * @param localTargets B int64 from {@link ClassShard#localTargets} (C_r for rows owned elsewhere)
     */
    public static ShardedLoss loss(Collectives collectives, Tensor cosines, Tensor logits, Tensor localTargets) {
        long b = logits.size(0), columns = logits.size(1);
        Tensor owned = localTargets.lt(new Scalar(columns));
        Tensor ownedFloat = owned.to(torch.ScalarType.Float);
        Tensor column = localTargets.clamp_max(new Scalar(columns - 1)).unsqueeze(1);

        CrossRankLogSumExp.Result lse = CrossRankLogSumExp.compute(collectives, logits, false);
        Tensor target = logits.gather(1, column).squeeze(1).mul(ownedFloat);
        Tensor targetCos = cosines.detach().gather(1, column).squeeze(1).mul(ownedFloat);
        Tensor correct = target.detach().ge(lse.max()).logical_and(owned).to(torch.ScalarType.Float);
        // one all-reduce for the target logit, the target cosine and whether the target won
        Tensor shared = torch.stack(new TensorVector(target.detach(), targetCos, correct), 0).contiguous();
        collectives.allReduceSum(shared);
        Tensor globalTarget = shared.select(0, 0);

        Scalar perSample = new Scalar(1.0 / b);
        double value = lse.value().sub(globalTarget).mean().item_double();
        Tensor surrogate = lse.localTerm().sum().sub(target.sum()).mul(perSample);
        Tensor tensor = surrogate.add(new Scalar(value - surrogate.item_double()));
        return new ShardedLoss(tensor, value, shared.select(0, 2).mean().item_double(), shared.select(0, 1).mean().item_double());
    }
}
