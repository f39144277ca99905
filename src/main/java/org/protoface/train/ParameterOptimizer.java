package org.protoface.train;

import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerParamGroup;
import org.bytedeco.pytorch.OptimizerParamGroupVector;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.OptimizerOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer of the encoder (and of heads whose weights are ordinary parameters): libtorch's
 * SGD or AdamW, with two parameter groups so BatchNorm/PReLU weights and biases can be exempt
 * from weight decay.
 */
public final class ParameterOptimizer {
    private final Optimizer optimizer;
    private final TensorVector all;
    private final TensorVector clipped;
    /** Parameters outside the clipped set (the head's class weights): checked for NaN/Inf, never clipped. */
    private final TensorVector unclipped;
    private final double clipNorm;

    /**
     * @param decayed   parameters that get weight decay
     * @param undecayed parameters that never do (may be empty)
     * @param clipped   parameters whose gradients {@link #clipGradients} clips together
     */
    public ParameterOptimizer(OptimConfig cfg, List<Tensor> decayed, List<Tensor> undecayed, List<Tensor> clipped) {
        if (!(cfg.clipGradNorm() >= 0)) {
            throw new IllegalArgumentException("optim.clip_grad_norm must be >= 0 (0 = off), got " + cfg.clipGradNorm());
        }
        this.clipNorm = cfg.clipGradNorm();
        this.all = new TensorVector();
        decayed.forEach(all::push_back);
        undecayed.forEach(all::push_back);
        this.clipped = vector(clipped);
        this.unclipped = new TensorVector();
        for (long i = 0; i < all.size(); i++) {
            Tensor p = all.get(i);
            if (clipped.stream().noneMatch(c -> c.is_same(p))) unclipped.push_back(p);
        }
        TensorVector dv = vector(decayed);
        switch (cfg.type()) {
            case "sgd" -> {
                SGD sgd = new SGD(dv, sgdOptions(cfg, cfg.weightDecay()));
                if (!undecayed.isEmpty()) sgd.add_param_group(new OptimizerParamGroup(vector(undecayed), sgdOptions(cfg, 0.0)));
                optimizer = sgd;
            }
            case "adamw" -> {
                AdamW adam = new AdamW(dv, adamOptions(cfg, cfg.weightDecay()));
                if (!undecayed.isEmpty()) adam.add_param_group(new OptimizerParamGroup(vector(undecayed), adamOptions(cfg, 0.0)));
                optimizer = adam;
            }
            default -> throw new IllegalArgumentException("optim.type must be sgd or adamw, got '" + cfg.type() + "'");
        }
    }

    /**
     * The optimizer of a training run: the encoder's parameters and the head's (the full softmax's
     * N x d weight; sampled heads and Prototype Memory have none). With {@code no_decay_bn_bias}
     * the encoder's 1-D tensors (BatchNorm and PReLU weights, all biases) get no weight decay;
     * every other tensor, the head's included, does. {@link #clipGradients} covers the encoder's
     * gradients only, as the reference trainers do: class weights (a full softmax matrix here,
     * sampled centres in Partial FC) are never clipped, so the full softmax and Partial FC at
     * r = 1 follow the same update rule (their runs still differ by float32 summation order:
     * Partial FC puts the batch's classes in the first columns).
     *
     * @param encoder the encoder's parameters, any shapes
     * @param head    the head's parameters (may be empty)
     * @throws IllegalArgumentException when {@code cfg.type()} is neither sgd nor adamw
     */
    public static ParameterOptimizer forTraining(OptimConfig cfg, TensorVector encoder, List<Tensor> head) {
        List<Tensor> decayed = new ArrayList<>();
        List<Tensor> undecayed = new ArrayList<>();
        for (long i = 0; i < encoder.size(); i++) {
            Tensor p = encoder.get(i);
            // BatchNorm and PReLU weights and all biases are 1-D; decaying them only shrinks scales
            if (cfg.noDecayBnBias() && p.dim() <= 1) undecayed.add(p);
            else decayed.add(p);
        }
        List<Tensor> encoderParams = new ArrayList<>(decayed);
        encoderParams.addAll(undecayed);
        decayed.addAll(head);
        return new ParameterOptimizer(cfg, decayed, undecayed, encoderParams);
    }

    /** Drops every parameter's gradient (set to undefined, not zero-filled). */
    public void zeroGrad() {
        optimizer.zero_grad(true);
    }

    /**
     * The joint L2 norm of the clipped parameters' gradients (the L2 norm of their per-tensor L2
     * norms; parameters without a gradient are skipped), measured before clipping. With
     * {@code optim.clip_grad_norm} > 0 the gradients are then scaled down so that norm is at most
     * the limit (libtorch's {@code clip_grad_norm_}); with 0 ("off") they are only measured, for
     * the metrics and the NaN/Inf check, and no clipping happens.
     */
    public double clipGradients() {
        if (clipped.size() == 0) return 0;
        // "off" must not reach libtorch as a huge limit: it converts the limit to float and throws
        return clipNorm > 0 ? torch.clip_grad_norm_(clipped, clipNorm) : gradientNorm(clipped);
    }

    /**
     * The joint L2 norm of the gradients of the parameters {@link #clipGradients} leaves alone (the
     * head's class weights), 0 when there are none: not clipped, only measured, so a NaN or infinite
     * gradient there stops the step as one in the encoder does.
     */
    public double unclippedGradientNorm() {
        return unclipped.size() == 0 ? 0 : gradientNorm(unclipped);
    }

    private static double gradientNorm(TensorVector params) {
        TensorVector norms = new TensorVector();
        for (long i = 0; i < params.size(); i++) {
            Tensor g = params.get(i).grad();
            if (g.defined()) norms.push_back(g.detach().norm());
        }
        return norms.size() == 0 ? 0 : torch.stack(norms).norm().item_double();
    }

    /** Sets this step's learning rate on every parameter group. */
    public void setLearningRate(double lr) {
        OptimizerParamGroupVector groups = optimizer.param_groups();
        for (long i = 0; i < groups.size(); i++) groups.get(i).options().set_lr(lr);
    }

    /** One update of every parameter from its gradient (SGD or AdamW, as configured). */
    public void step() {
        optimizer.step();
    }

    /** Every parameter updated: the decayed ones, then the undecayed ones. */
    public TensorVector parameters() {
        return all;
    }

    /** Writes the optimizer's state (momentum buffers, AdamW moments and step counts) for a checkpoint. */
    public void save(OutputArchive archive) {
        optimizer.save(archive);
    }

    /** Restores the state {@link #save} wrote; the parameters must be the same, in the same order. */
    public void load(InputArchive archive) {
        optimizer.load(archive);
    }

    private static SGDOptions sgdOptions(OptimConfig cfg, double wd) {
        return OptimizerOptions.sgd(cfg.lr(), cfg.momentum(), wd);
    }

    private static AdamWOptions adamOptions(OptimConfig cfg, double wd) {
        return OptimizerOptions.adamW(cfg.lr(), cfg.beta1(), cfg.beta2(), cfg.eps(), wd);
    }

    private static TensorVector vector(List<Tensor> ts) {
        TensorVector v = new TensorVector();
        ts.forEach(v::push_back);
        return v;
    }
}
