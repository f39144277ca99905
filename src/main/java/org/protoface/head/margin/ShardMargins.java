package org.protoface.head.margin;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.protoface.head.Margin;
import org.protoface.torch.Tensors;

/**
 * Applies a margin to the cosines of one class shard: the target of a row is changed only on
 * the rank that owns its class. The unchanged {@link Margin} implementations are reused by
 * giving rows whose class lives elsewhere a placeholder target: one extra zero column, appended
 * before the margin and dropped after it, so the margin's target rule touches nothing real.
 *
 * <p>Valid for margins that change the target logit only (NormFace, SphereFace, ArcFace, CosFace,
 * combined). CurricularFace also re-weights non-target cosines by the row's target value and keeps
 * a running mean of target cosines; both would need the target from another rank, so it is
 * refused here.
 */
public final class ShardMargins {
    private ShardMargins() {}

    /**
     * @param cosines      B x C_r clamped cosines of this shard
     * @param localTargets B int64 from {@link ClassShard#localTargets}: a column, or C_r for rows
     *                     whose class is on another rank
     * @return B x C_r scaled logits
     * @throws IllegalArgumentException for CurricularFace
     */
    public static Tensor logits(Margin margin, Tensor cosines, Tensor localTargets) {
        requireShardable(margin);
        long[] shape = Tensors.shape(cosines);
        Tensor placeholder = torch.zeros_like(cosines.narrow(1, 0, 1));
        Tensor extended = torch.cat(new TensorVector(cosines, placeholder), 1);
        return margin.logits(extended, localTargets).narrow(1, 0, shape[1]);
    }

    /** Refuses margins that need the target of rows owned by other ranks. */
    public static void requireShardable(Margin margin) {
        if (margin instanceof CurricularFace) {
            throw new IllegalArgumentException("margin curricularface cannot be used with class centres split across ranks"
                    + " (it re-weights negatives by the target logit, which lives on another rank): use arcface, cosface,"
                    + " combined, sphereface or normface, or train on one rank");
        }
    }
}
