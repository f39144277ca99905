package org.protoface.head.full;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.protoface.head.ClassUpdate;
import org.protoface.torch.Device;
import org.protoface.torch.StateModule;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;

import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer of a block of class weights (C x d), kept with the weights rather than in the
 * shared optimizer so that weights and their optimizer state can be split across ranks by class
 * and re-split on resume. The formulas are libtorch's own, operation for operation:
 * <pre>
 *   SGD:   g = grad + wd w;  buf = momentum buf + g (buf starts at 0, so the first step is buf = g);  w -= lr buf
 *   AdamW: w *= 1 - lr wd;  t += 1;  m = b1 m + (1 - b1) grad;  v = b2 v + (1 - b2) grad^2;
 *          w -= lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019, for AdamW.)
 */
final class ClassWeightOptimizer extends StateModule {
    private final ClassUpdate rule;
    private final Tensor momentum;
    private final Tensor expAvg;
    private final Tensor expAvgSq;
    private final Tensor steps;

    /**
     * @param rows C, the classes of the block
     * @param dim  d
     */
    ClassWeightOptimizer(ClassUpdate rule, long rows, long dim, Device device) {
        this.rule = rule;
        if (rule.isAdamW()) {
            momentum = null;
            expAvg = buffer("exp_avg", device.zeros(rows, dim));
            expAvgSq = buffer("exp_avg_sq", device.zeros(rows, dim));
            steps = buffer("step", Tensors.ofLongs(0L));
        } else {
            momentum = rule.momentum() > 0 ? buffer("momentum", device.zeros(rows, dim)) : null;
            expAvg = expAvgSq = steps = null;
        }
    }

    /** Names of this module's tensors with one row per class. */
    List<String> rowTensors() {
        List<String> names = new ArrayList<>();
        if (momentum != null) names.add("momentum");
        if (expAvg != null) {
            names.add("exp_avg");
            names.add("exp_avg_sq");
        }
        return names;
    }

    /** Updates {@code weight} (a leaf with its gradient) in place; nothing happens without a gradient. */
    void step(Tensor weight, double lr) {
        try (TensorScope scope = TensorScope.open(); NoGradGuard g = new NoGradGuard()) {
            Tensor grad = weight.grad();
            if (!grad.defined()) return;
            if (rule.isAdamW()) adamW(weight, grad, lr);
            else sgd(weight, grad, lr);
        }
    }

    private void sgd(Tensor w, Tensor grad, double lr) {
        Tensor d = rule.weightDecay() != 0 ? grad.add(w, new Scalar(rule.weightDecay())) : grad;
        if (momentum != null) {
            momentum.mul_(new Scalar(rule.momentum())).add_(d);
            d = momentum;
        }
        w.add_(d, new Scalar(-lr));
    }

    private void adamW(Tensor w, Tensor grad, double lr) {
        w.mul_(new Scalar(1 - lr * rule.weightDecay()));
        long t = Tensors.longs(steps)[0] + 1;
        steps.fill_(new Scalar(t));
        double correction1 = 1 - Math.pow(rule.beta1(), t);
        double correction2 = 1 - Math.pow(rule.beta2(), t);
        expAvg.mul_(new Scalar(rule.beta1())).add_(grad, new Scalar(1 - rule.beta1()));
        expAvgSq.mul_(new Scalar(rule.beta2())).addcmul_(grad, grad, new Scalar(1 - rule.beta2()));
        Tensor denominator = expAvgSq.sqrt().div(new Scalar(Math.sqrt(correction2))).add_(new Scalar(rule.eps()));
        w.addcdiv_(expAvg, denominator, new Scalar(-lr / correction1));
    }
}
