package org.protoface.head.margin;

import org.bytedeco.pytorch.Tensor;

/**
 * ArcFace: target logit s * cos(theta + m2); where theta + m2 > pi, s * (cos(theta) - m2 sin(m2))
 * so the target logit keeps decreasing with the angle (see {@link AngularMargin}).
 */
public final class ArcFace extends TargetLogitMargin {
    private final double m2;
    private final AngularMargin angular;

    /**
     * ArcFace (Deng et al., CVPR 2019).
     *
     * @param s                 logit scale, finite and &gt; 0
     * @param m2                additive angular margin in radians, in [0, pi)
     * @param gradThroughMargin whether the gradient flows through the margin transform of the target cosine
     * @throws IllegalArgumentException naming the parameter when {@code s} or {@code m2} is out of range
     */
    public ArcFace(double s, double m2, boolean gradThroughMargin) {
        super("arcface", s, gradThroughMargin);
        require(m2 >= 0 && m2 < Math.PI, "arcface", "m2", "in [0, pi) radians", m2);
        this.m2 = m2;
        this.angular = new AngularMargin(1.0, m2);
    }

    @Override
    protected Tensor targetValue(Tensor targetCos) {
        return angular.apply(targetCos);
    }

    @Override
    protected String parameterText() {
        return "m2=" + fmt(m2);
    }
}
