package org.protoface.head.loss;

import org.protoface.head.LossFunction;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Mean softmax cross-entropy over the batch: -mean_i log softmax(logits_i)[target_i].
 * log_softmax subtracts each row's maximum before exponentiating, so scaled logits (s = 64,
 * values up to +-64) cannot overflow.
 */
public final class SoftmaxCrossEntropy implements LossFunction {
    @Override
    public Tensor loss(Tensor logits, Tensor cosines, Tensor targets) {
        Tensor logProbabilities = torch.log_softmax(logits, 1);
        return logProbabilities.gather(1, targets.view(-1, 1)).mean().neg();
    }

    @Override
    public String describe() {
        return "softmax cross-entropy";
    }
}
