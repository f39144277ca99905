package org.protoface.head.margin;

import org.protoface.head.TargetColumn;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * SphereFace (multiplicative angular margin m1) on normalised features: target logit
 * s * psi(theta), where psi is the original paper's monotonic extension of cos(m1 * theta):
 * psi(theta) = (-1)^k cos(m1 * theta) - 2k for theta in [k pi / m1, (k + 1) pi / m1],
 * k = floor(m1 * theta / pi). Each piece falls from 1 - 2k to -1 - 2k, so psi is continuous and
 * decreasing for any m1 >= 1 (integer or not). The original's annealed blend with the plain
 * softmax is not part of this margin.
 */
public final class SphereFace extends TargetLogitMargin {
    private final double m1;

    /**
     * SphereFace (Liu et al., CVPR 2017) on normalised features.
     *
     * @param s                 logit scale, finite and &gt; 0
     * @param m1                multiplicative angular margin, finite and &gt;= 1
     * @param gradThroughMargin whether the gradient flows through the margin transform of the target cosine
     * @throws IllegalArgumentException naming the parameter when {@code s} or {@code m1} is out of range
     */
    public SphereFace(double s, double m1, boolean gradThroughMargin) {
        super("sphereface", s, gradThroughMargin);
        require(m1 >= 1 && !Double.isInfinite(m1), "sphereface", "m1", "a finite number >= 1", m1);
        this.m1 = m1;
    }

    @Override
    protected Tensor targetValue(Tensor targetCos) {
        Tensor scaledAngle = TargetColumn.angle(targetCos).mul(new Scalar(m1));
        // k is piecewise constant: it carries no gradient, so compute it from a detached angle.
        Tensor k = scaledAngle.detach().div(new Scalar(Math.PI)).floor();
        Tensor sign = k.remainder(new Scalar(2.0)).mul(new Scalar(-2.0)).add(new Scalar(1.0));
        return scaledAngle.cos().mul(sign).sub(k.mul(new Scalar(2.0)));
    }

    @Override
    protected String parameterText() {
        return "m1=" + fmt(m1);
    }
}
