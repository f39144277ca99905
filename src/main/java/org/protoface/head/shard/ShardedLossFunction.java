package org.protoface.head.shard;

import org.bytedeco.pytorch.Tensor;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.ShardedCrossEntropy;
import org.protoface.distributed.ShardedDissectedSoftmax;
import org.protoface.distributed.ShardedLoss;

/** A loss over classes split across ranks: every rank passes its columns; the result is global. */
public interface ShardedLossFunction {
    /**
     * A collective.
     *
     * @param cosines      G x C_r clamped cosines of the gathered batch against this rank's classes (with gradient)
     * @param logits       G x C_r logits after the margin (with gradient)
     * @param localTargets G int64: each sample's column here, or C_r when its class is on another rank
     */
    ShardedLoss loss(Collectives world, Tensor cosines, Tensor logits, Tensor localTargets);

    /** One line for the run's summary, e.g. "softmax cross-entropy across ranks". */
    String describe();

    /** Softmax cross-entropy across ranks (log-sum-exp all-reduced), on the margin's logits. */
    static ShardedLossFunction crossEntropy() {
        return new ShardedLossFunction() {
            @Override
            public ShardedLoss loss(Collectives world, Tensor cosines, Tensor logits, Tensor localTargets) {
                return ShardedCrossEntropy.loss(world, cosines, logits, localTargets);
            }

            @Override
            public String describe() {
                return "softmax cross-entropy across ranks";
            }
        };
    }

    /** The dissected softmax (He et al., AAAI 2020) across ranks, on the cosines (it has its own scale and thresholds). */
    static ShardedLossFunction dissected(double scale, double intraThreshold, double interThreshold) {
        ShardedDissectedSoftmax loss = new ShardedDissectedSoftmax(scale, intraThreshold, interThreshold);
        return new ShardedLossFunction() {
            @Override
            public ShardedLoss loss(Collectives world, Tensor cosines, Tensor logits, Tensor localTargets) {
                return loss.loss(world, cosines, localTargets);
            }

            @Override
            public String describe() {
                return "d-softmax s=" + scale + " d=" + intraThreshold + " t=" + interThreshold + " across ranks";
            }
        };
    }
}
