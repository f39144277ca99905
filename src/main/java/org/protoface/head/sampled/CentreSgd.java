package org.protoface.head.sampled;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * SGD with momentum and weight decay for the sampled rows of a centre matrix, with PyTorch's
 * torch.optim.SGD semantics (dampening 0, no Nesterov):
 * <pre>
 *   g   = grad + weight_decay * w
 *   buf = momentum * buf + g
 *   w   = w - lr * buf
 * </pre>
 * PyTorch sets buf = g on a parameter's first step. Here every row's buffer starts at zero, which
 * gives exactly the same first step (momentum * 0 + g = g), so no per-row "first use" flag is
 * needed. Rows that are not sampled in a step keep both w and buf unchanged (the first public
 * Partial FC's behaviour), so a row's momentum and weight decay act only on the steps it takes
 * part in.
 */
public record CentreSgd(double momentum, double weightDecay) {
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_WEIGHT_DECAY = 5e-4;

    public CentreSgd {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight_decay must be >= 0, got " + weightDecay);
    }

    /** Updated rows and their updated momentum buffers. */
    public record Result(Tensor weights, Tensor momentumBuffer) {}

    /**
     * @param weights current rows (no gradient)
     * @param grad    their gradient
     * @param buffer  their momentum buffers
     */
    public Result step(Tensor weights, Tensor grad, Tensor buffer, double learningRate) {
        Tensor g = grad.add(weights, new Scalar(weightDecay));
        Tensor newBuffer = buffer.mul(new Scalar(momentum)).add(g);
        Tensor newWeights = weights.sub(newBuffer, new Scalar(learningRate));
        return new Result(newWeights, newBuffer);
    }
}
