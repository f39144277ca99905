package org.protoface.head.margin;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** CosFace / AM-Softmax: target logit s * (cos - m3). */
public final class CosFace extends TargetLogitMargin {
    private final double m3;

    /**
     * CosFace (Wang et al., CVPR 2018).
     *
     * @param s                 logit scale, finite and &gt; 0
     * @param m3                additive cosine margin, in [0, 1)
     * @param gradThroughMargin whether the gradient flows through the margin transform of the target cosine
     * @throws IllegalArgumentException naming the parameter when {@code s} or {@code m3} is out of range
     */
    public CosFace(double s, double m3, boolean gradThroughMargin) {
        super("cosface", s, gradThroughMargin);
        require(m3 >= 0 && m3 < 1, "cosface", "m3", "in [0, 1)", m3);
        this.m3 = m3;
    }

    @Override
    protected Tensor targetValue(Tensor targetCos) {
        return targetCos.sub(new Scalar(m3));
    }

    @Override
    protected String parameterText() {
        return "m3=" + fmt(m3);
    }
}
