package org.protoface.head.margin;

import org.bytedeco.pytorch.Tensor;

/** NormFace: logits s * cos for every class, no margin. */
public final class NormFace extends TargetLogitMargin {
    /**
     * NormFace (Wang et al., ACM MM 2017).
     *
     * @param s logit scale, finite and &gt; 0
     * @throws IllegalArgumentException if {@code s} is out of range
     */
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
