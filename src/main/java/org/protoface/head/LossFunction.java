package org.protoface.head;

import org.bytedeco.pytorch.Tensor;

/** Which loss reads the logits: softmax cross-entropy or the dissected softmax. */
public interface LossFunction {
    /**
     * @param logits  B x C scaled logits (after the margin)
     * @param cosines B x C cosines before the margin (the dissected softmax reads them)
     * @param targets B int64 target column per row
     * @return the scalar mean loss over the batch
     */
    Tensor loss(Tensor logits, Tensor cosines, Tensor targets);

    /** One line naming the loss and its settings, for logs and reports. */
    String describe();
}
