package org.protoface.head.margin;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/** CosFace / AM-Softmax: target logit s * (cos - m3). */
public final class CosFace extends TargetLogitMargin {
    private final double m3;

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
