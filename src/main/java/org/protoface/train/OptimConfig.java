package org.protoface.train;

/**
 * The {@code optim:} section. SGD follows PyTorch's semantics (weight decay added to the gradient,
 * then momentum); AdamW decouples weight decay.
 *
 * @param type           "sgd" or "adamw"
 * @param lr             peak learning rate (after warm-up)
 * @param noDecayBnBias  exempt BatchNorm/PReLU weights and all biases (1-D tensors) from weight decay
 * @param clipGradNorm   clip the global gradient L2 norm to this value (0 = off)
 */
public record OptimConfig(String type, double lr, double momentum, double weightDecay, boolean noDecayBnBias,
                          double clipGradNorm, double beta1, double beta2, double eps) {}
