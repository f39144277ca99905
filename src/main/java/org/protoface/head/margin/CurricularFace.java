package org.protoface.head.margin;

import org.protoface.torch.TensorScope;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * CurricularFace: the target gets the ArcFace transform T = cos(theta_y + m2) (with the
 * {@link AngularMargin} fallback); a non-target cosine c that beats it (c > T, a hard negative)
 * becomes c * (t + c), the others stay c; everything is scaled by s.
 *
 * <p>t follows the training: an EMA t = momentum * t + (1 - momentum) * mean(target cosines of
 * the batch), starting at 0. Early on t is near 0 and hard negatives are damped (easy samples
 * first); as target cosines grow, hard negatives are emphasised. As in the reference
 * implementation t is updated (without gradient) on every {@link #logits} call before the
 * re-weighting, so the batch already uses the updated t; logits is only called in training.
 *
 * <p>Hard negatives are those above the target value after the margin including its fallback;
 * the reference compares against the raw cos(theta_y + m2), which differs only when
 * theta_y > pi - m2 (target cosine below -0.88 for m2 = 0.5).
 */
public final class CurricularFace extends TargetLogitMargin {
    static final String T_KEY = "t";

    private final double m2;
    private final double momentum;
    private final AngularMargin angular;
    private double t;
    private final Tensor tBuffer;

    /**
     * CurricularFace (Huang et al., CVPR 2020); t starts at 0.
     *
     * @param s                 logit scale, finite and &gt; 0
     * @param m2                additive angular margin in radians, in [0, pi)
     * @param momentum          EMA momentum of t, in [0, 1) (config key {@code curricular_momentum})
     * @param gradThroughMargin whether the gradient flows through the margin transform of the target cosine
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public CurricularFace(double s, double m2, double momentum, boolean gradThroughMargin) {
        super("curricularface", s, gradThroughMargin);
        require(m2 >= 0 && m2 < Math.PI, "curricularface", "m2", "in [0, pi) radians", m2);
        require(momentum >= 0 && momentum < 1, "curricularface", "curricular_momentum", "in [0, 1)", momentum);
        this.m2 = m2;
        this.momentum = momentum;
        this.angular = new AngularMargin(1.0, m2);
        this.tBuffer = buffer(T_KEY, torch.zeros(new long[] {1}, new TensorOptions(torch.ScalarType.Double)));
    }

    @Override
    protected Tensor targetValue(Tensor targetCos) {
        return angular.apply(targetCos);
    }

    @Override
    protected Tensor nonTargetValues(Tensor cosines, Tensor targetCos, Tensor modifiedTarget) {
        double batchMean = targetCos.detach().mean().item_double();
        t = momentum * t + (1.0 - momentum) * batchMean;
        Tensor hard = cosines.detach().gt(modifiedTarget.detach());
        Tensor reweighted = cosines.mul(cosines.add(new Scalar(t)));
        return torch.where(hard, reweighted, cosines);
    }

    /** The current running t. */
    public double t() {
        return t;
    }

    /** t goes into its buffer before a save (float64, so it is restored exactly). */
    @Override
    protected void writeBuffers() {
        try (TensorScope scope = TensorScope.open(); NoGradGuard g = new NoGradGuard()) {
            tBuffer.fill_(new Scalar(t));
        }
    }

    /** @throws IllegalArgumentException when the restored t is not finite */
    @Override
    protected void readBuffers() {
        double value = tBuffer.item_double();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("checkpoint entry '" + T_KEY + "' of the curricularface margin must be"
                    + " a finite number, got " + value);
        }
        t = value;
    }

    @Override
    protected String parameterText() {
        return "m2=" + fmt(m2) + " momentum=" + fmt(momentum);
    }
}
