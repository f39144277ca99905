package org.protoface.head;

/**
 * The update rule of class weights a head updates itself (the full softmax's N x d rows, which may
 * be split across ranks): the run's optimizer rule, with the same formulas as PyTorch's
 * {@code torch.optim.SGD} (dampening 0, no Nesterov) and {@code torch.optim.AdamW}
 * (Loshchilov and Hutter, ICLR 2019; no AMSGrad), and the run's learning rate at each step.
 *
 * @param type        "sgd" or "adamw"
 * @param momentum    SGD momentum
 * @param weightDecay L2 decay (SGD: added to the gradient; AdamW: decoupled)
 * @param beta1       AdamW's first-moment decay
 * @param beta2       AdamW's second-moment decay
 * @param eps         AdamW's denominator term
 */
public record ClassUpdate(String type, double momentum, double weightDecay, double beta1, double beta2, double eps) {
    /** SGD with momentum 0.9 and weight decay 5e-4 (the recipe), for heads built outside a run. */
    public static final ClassUpdate DEFAULT = sgd(0.9, 5e-4);

    public ClassUpdate {
        if (!type.equals("sgd") && !type.equals("adamw")) throw new IllegalArgumentException("class weight update must be sgd or adamw, got '" + type + "'");
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }

    /** {@code torch.optim.SGD} with this momentum (dampening 0) and L2 weight decay added to the gradient. */
    public static ClassUpdate sgd(double momentum, double weightDecay) {
        return new ClassUpdate("sgd", momentum, weightDecay, 0.9, 0.999, 1e-8);
    }

    /** {@code torch.optim.AdamW} with these moment decays, denominator term and decoupled weight decay. */
    public static ClassUpdate adamW(double beta1, double beta2, double eps, double weightDecay) {
        return new ClassUpdate("adamw", 0, weightDecay, beta1, beta2, eps);
    }

    /** Whether this is AdamW (else SGD). */
    public boolean isAdamW() {
        return type.equals("adamw");
    }

    /** Float32 state per weight: the momentum buffer (SGD) or both moments (AdamW). */
    public int buffersPerWeight() {
        return isAdamW() ? 2 : momentum > 0 ? 1 : 0;
    }
}
