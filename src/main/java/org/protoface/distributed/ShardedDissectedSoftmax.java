package org.protoface.distributed;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The dissected softmax (D-Softmax, He et al., AAAI 2020; see
 * {@link org.protoface.head.loss.DissectedSoftmaxLoss}) over classes split across ranks:
 * <pre>
 *   L_i = log(1 + exp(s (d - c_{i,y})))  +  log(1 + sum_{j != y} exp(s (c_ij - t)))
 * </pre>
 * The intra term lives on the rank owning y (the others add 0 to an all-reduce sum); the inter
 * term is a log-sum-exp across ranks with the "1 +" added once ({@link CrossRankLogSumExp}).
 */
public final class ShardedDissectedSoftmax {
    private final double scale;
    private final double intraThreshold;
    private final double interThreshold;

    /** s > 0, d and t in [-1, 1], as in the single-process loss. */
    public ShardedDissectedSoftmax(double scale, double intraThreshold, double interThreshold) {
        if (!(scale > 0)) throw new IllegalArgumentException("d-softmax scale must be > 0, got " + scale);
        if (!(Math.abs(intraThreshold) <= 1)) throw new IllegalArgumentException("d-softmax intra_threshold must be in [-1, 1], got " + intraThreshold);
        if (!(Math.abs(interThreshold) <= 1)) throw new IllegalArgumentException("d-softmax inter_threshold must be in [-1, 1], got " + interThreshold);
        this.scale = scale;
        this.intraThreshold = intraThreshold;
        this.interThreshold = interThreshold;
    }

    /**
     * @param cosines      B x C_r clamped cosines of the gathered batch against this shard (with gradient)
     * @param localTargets B int64 from {@link ClassShard#localTargets}
     */
    public ShardedLoss loss(Collectives collectives, Tensor cosines, Tensor localTargets) {
        long b = cosines.size(0), columns = cosines.size(1);
        Tensor owned = localTargets.lt(new Scalar(columns));
        Tensor ownedFloat = owned.to(torch.ScalarType.Float);
        Tensor column = localTargets.clamp_max(new Scalar(columns - 1)).unsqueeze(1);

        Tensor targetCos = cosines.gather(1, column).squeeze(1);
        Tensor intraExponent = targetCos.neg().add(new Scalar(intraThreshold)).mul(new Scalar(scale));
        // log(1 + e^x) as logsumexp over {0, x}: no overflow at s = 64
        Tensor intra = torch.logsumexp(torch.stack(new TensorVector(torch.zeros_like(intraExponent), intraExponent), 1), 1).mul(ownedFloat);

        Tensor isTarget = torch.arange(new Scalar(columns)).unsqueeze(0).eq(localTargets.unsqueeze(1));
        Tensor interExponents = cosines.sub(new Scalar(interThreshold)).mul(new Scalar(scale))
                .masked_fill(isTarget, new Scalar(Double.NEGATIVE_INFINITY));
        CrossRankLogSumExp.Result inter = CrossRankLogSumExp.compute(collectives, interExponents, true);

        Tensor logits = cosines.detach().mul(new Scalar(scale));
        Tensor globalMax = logits.amax(new long[] {1}, false).contiguous();
        collectives.allReduceMax(globalMax);
        Tensor targetLogit = targetCos.detach().mul(new Scalar(scale));
        Tensor correct = targetLogit.ge(globalMax).logical_and(owned).to(torch.ScalarType.Float);
        Tensor shared = torch.stack(new TensorVector(intra.detach(), targetCos.detach().mul(ownedFloat), correct), 0).contiguous();
        collectives.allReduceSum(shared);

        double value = inter.value().add(shared.select(0, 0)).mean().item_double();
        Tensor surrogate = inter.localTerm().sum().add(intra.sum()).mul(new Scalar(1.0 / b));
        Tensor tensor = surrogate.add(new Scalar(value - surrogate.item_double()));
        return new ShardedLoss(tensor, value, shared.select(0, 2).mean().item_double(), shared.select(0, 1).mean().item_double());
    }
}
