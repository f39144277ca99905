package org.protoface.head;

import org.bytedeco.pytorch.Tensor;

/**
 * How the target logit is changed: cosines in, scaled logits out. Implementations cover the
 * margin family of method.md (NormFace, SphereFace, ArcFace, CosFace, combined, CurricularFace).
 * A margin with state (CurricularFace's running t) is a {@link org.protoface.torch.StateModule}
 * and keeps it in a buffer, saved with the head.
 */
public interface Margin {
    /**
     * @param cosines B x C clamped cosines
     * @param targets B int64 target column per row
     * @return B x C logits, already multiplied by the scale s
     */
    Tensor logits(Tensor cosines, Tensor targets);

    /** One line naming the margin and its parameters, for logs and reports. */
    String describe();
}
