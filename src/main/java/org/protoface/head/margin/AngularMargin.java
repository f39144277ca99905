package org.protoface.head.margin;

import org.protoface.head.TargetColumn;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The angular part of ArcFace, the combined margin and CurricularFace: cos(m1 * theta + m2),
 * kept monotonic (decreasing in theta) over the whole range theta in [0, pi].
 *
 * <p>cos(m1 * theta + m2) starts rising again once m1 * theta + m2 passes pi, which would reward
 * a sample for moving away from its class. Past that point (theta > theta_th = (pi - m2) / m1)
 * the value is replaced by cos(theta) - p. For ArcFace (m1 = 1) the usual choice is
 * p = m2 * sin(m2). Generalised: let m_eff = pi - theta_th, the angle the target has been pushed
 * by at the threshold (m_eff = m2 when m1 = 1), and
 * p = max(m_eff * sin(m_eff), 1 - cos(m_eff)).
 * The second term only wins when m_eff > ~2.33 rad; it is the smallest p for which the
 * fallback starts at or below the value -1 reached at the threshold, so the curve never rises.
 * The fallback is therefore monotonic but (like the reference) not continuous: at the
 * threshold it steps down from -1 to -cos(m_eff) - p.
 */
final class AngularMargin {
    private final double m1;
    private final double m2;
    private final double penalty;

    AngularMargin(double m1, double m2) {
        this.m1 = m1;
        this.m2 = m2;
        double thetaThreshold = (Math.PI - m2) / m1;
        double mEff = Math.max(0.0, Math.PI - thetaThreshold);
        this.penalty = Math.max(mEff * Math.sin(mEff), 1.0 - Math.cos(mEff));
    }

    /** The monotonic cos(m1 * theta + m2) of each target cosine (B x 1 in, B x 1 out). */
    Tensor apply(Tensor targetCos) {
        Tensor theta = TargetColumn.angle(targetCos);
        Tensor argument = theta.mul(new Scalar(m1)).add(new Scalar(m2));
        Tensor inRange = argument.le(new Scalar(Math.PI));
        Tensor fallback = targetCos.sub(new Scalar(penalty));
        return torch.where(inRange, argument.cos(), fallback);
    }

    /** p of the fallback cos(theta) - p (see the class comment). */
    double penalty() {
        return penalty;
    }
}
