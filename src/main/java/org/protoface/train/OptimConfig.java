package org.protoface.train;

import org.protoface.config.ConfigException;
import org.protoface.config.Ranges;
import org.protoface.config.Section;

/**
 * The {@code optim:} section. SGD follows PyTorch's semantics (weight decay added to the gradient,
 * then momentum); AdamW decouples weight decay.
 *
 * @param type           "sgd" or "adamw"
 * @param lr             peak learning rate (after warm-up)
 * @param noDecayBnBias  exempt BatchNorm/PReLU weights and all biases (1-D tensors) from weight decay
 * @param clipGradNorm   clip the joint L2 norm of the encoder's gradients to this value (0 = off)
 * @param beta1          AdamW's first-moment decay
 * @param beta2          AdamW's second-moment decay
 * @param eps            AdamW's denominator term
 */
public record OptimConfig(String type, double lr, double momentum, double weightDecay, boolean noDecayBnBias,
                          double clipGradNorm, double beta1, double beta2, double eps) {
    /** The public recipe: SGD, lr 0.1, momentum 0.9, weight decay 5e-4 (not on BN/bias), clip at 5. */
    public static final Section<OptimConfig> SECTION = new Section<>("optim", OptimConfig.class,
            new OptimConfig("sgd", 0.1, 0.9, 5.0e-4, true, 5.0, 0.9, 0.999, 1.0e-8));

    public OptimConfig {
        Ranges.present("optim.type", type);
        Ranges.positive("optim.lr", lr);
        Ranges.halfOpenUnit("optim.momentum", momentum);
        Ranges.nonNegative("optim.weight_decay", weightDecay);
        if (!(clipGradNorm >= 0)) throw new ConfigException("optim.clip_grad_norm must be >= 0 (0 = off), got " + clipGradNorm);
        Ranges.halfOpenUnit("optim.beta1", beta1);
        Ranges.halfOpenUnit("optim.beta2", beta2);
        Ranges.positive("optim.eps", eps);
    }
}
