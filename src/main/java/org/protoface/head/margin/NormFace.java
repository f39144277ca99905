package org.protoface.head.margin;

import org.bytedeco.pytorch.Tensor;

/** NormFace: logits s * cos for every class, no margin. */
public final class NormFace extends TargetLogitMargin {
    public NormFace(double s) {
        super("normface", s, true);
    }

    @Override
    protected Tensor targetValue(Tensor targetCos) {
        return targetCos;
    }

    @Override
    protected String parameterText() {
        return "";
    }
}
