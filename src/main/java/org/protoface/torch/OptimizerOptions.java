package org.protoface.torch;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.SGDOptions;

/**
 * Option objects of libtorch's optimizers with the bindings' quirks hidden: setters are getters
 * returning a pointer to put into, and AdamW's {@code betas} (a {@code std::tuple<double, double>})
 * arrives as a bare {@link DoublePointer} whose element order is the tuple's memory layout, not its
 * declaration order. libstdc++ lays a tuple out last element first, so {@code betas().put(0, beta1)}
 * sets beta2 (checked on this machine: a default AdamWOptions reads 0.999, 0.9). The order is
 * therefore read once from the documented defaults (0.9, 0.999) instead of being assumed.
 */
public final class OptimizerOptions {
    private static final double DEFAULT_BETA1 = 0.9, DEFAULT_BETA2 = 0.999;
    private static volatile Boolean betasReversed;

    private OptimizerOptions() {}

    /** torch::optim::SGD options: dampening 0, no Nesterov. */
    public static SGDOptions sgd(double lr, double momentum, double weightDecay) {
        SGDOptions o = new SGDOptions(lr);
        o.momentum().put(momentum);
        o.weight_decay().put(weightDecay);
        return o;
    }

    /** torch::optim::AdamW options (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019). */
    public static AdamWOptions adamW(double lr, double beta1, double beta2, double eps, double weightDecay) {
        AdamWOptions o = new AdamWOptions(lr);
        DoublePointer betas = o.betas();
        boolean reversed = betasReversed();
        betas.put(reversed ? 1 : 0, beta1);
        betas.put(reversed ? 0 : 1, beta2);
        o.eps().put(eps);
        o.weight_decay().put(weightDecay);
        return o;
    }

    private static boolean betasReversed() {
        Boolean known = betasReversed;
        if (known != null) return known;
        Torch.init();
        DoublePointer defaults = new AdamWOptions(1e-3).betas();
        double first = defaults.get(0), second = defaults.get(1);
        boolean reversed;
        if (first == DEFAULT_BETA1 && second == DEFAULT_BETA2) reversed = false;
        else if (first == DEFAULT_BETA2 && second == DEFAULT_BETA1) reversed = true;
        else throw new IllegalStateException("cannot tell the order of AdamW's betas in this libtorch build: defaults read "
                + first + ", " + second + " instead of 0.9 and 0.999");
        betasReversed = reversed;
        return reversed;
    }
}
