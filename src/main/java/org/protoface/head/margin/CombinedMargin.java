package org.protoface.head.margin;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * The combined margin of the ArcFace paper: target logit s * (cos(m1 * theta + m2) - m3), with
 * the monotonic fallback of {@link AngularMargin} where m1 * theta + m2 > pi. With m1 = 1, m3 = 0
 * it equals ArcFace; with m1 = 1, m2 = 0 it equals CosFace.
 */
public final class CombinedMargin extends TargetLogitMargin {
    private final double m1;
    private final double m2;
    private final double m3;
    private final AngularMargin angular;

    /**
     * The combined margin of ArcFace (Deng et al., CVPR 2019).
     *
     * @param s                 logit scale, finite and &gt; 0
     * @param m1                multiplicative angular margin, finite and &gt;= 1
     * @param m2                additive angular margin in radians, in [0, pi)
     * @param m3                additive cosine margin, in [0, 1)
     * @param gradThroughMargin whether the gradient flows through the margin transform of the target cosine
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public CombinedMargin(double s, double m1, double m2, double m3, boolean gradThroughMargin) {
        super("combined", s, gradThroughMargin);
        require(m1 >= 1 && !Double.isInfinite(m1), "combined", "m1", "a finite number >= 1", m1);
        require(m2 >= 0 && m2 < Math.PI, "combined", "m2", "in [0, pi) radians", m2);
        require(m3 >= 0 && m3 < 1, "combined", "m3", "in [0, 1)", m3);
        this.m1 = m1;
        this.m2 = m2;
        this.m3 = m3;
        this.angular = new AngularMargin(m1, m2);
    }

    @Override
    protected Tensor targetValue(Tensor targetCos) {
        return angular.apply(targetCos).sub(new Scalar(m3));
    }

    @Override
    protected String parameterText() {
        return "m1=" + fmt(m1) + " m2=" + fmt(m2) + " m3=" + fmt(m3);
    }
}
