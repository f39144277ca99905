package org.protoface.head;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

/**
 * How the target logit is changed: cosines in, scaled logits out. Implementations cover the
 * margin family of method.md (NormFace, SphereFace, ArcFace, CosFace, combined, CurricularFace).
 * A margin with state (CurricularFace's running t) saves it with the checkpoint.
 */
public interface Margin {
    /**
     * @param cosines B x C clamped cosines
     * @param targets B int64 target column per row
     * @return B x C logits, already multiplied by the scale s
     */
    Tensor logits(Tensor cosines, Tensor targets);

    default void save(OutputArchive archive) {}

    default void load(InputArchive archive) {}

    String describe();
}
