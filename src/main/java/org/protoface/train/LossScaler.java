package org.protoface.train;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Archives;

/**
 * Dynamic loss scaling for float16 training, with the rule of PyTorch's {@code GradScaler}:
 * gradients are computed for the loss multiplied by {@link #scale()}, so that values too small
 * for float16 (below 6e-5) do not flush to zero; before clipping they are divided by it again
 * ({@link #unscale}). When any gradient is inf or NaN the step is skipped and the scale halved
 * ({@link #update} with {@code finite = false}); after {@code growthInterval} finite steps in a
 * row the scale doubles. Defaults as GradScaler: initial scale 2^16, growth 2, backoff 0.5,
 * interval 2000.
 *
 * <p>The state (scale, finite steps since the last change) is part of a checkpoint, so a resumed
 * run continues with the same scale.
 */
public final class LossScaler {
    public static final double INITIAL_SCALE = 65536.0;
    public static final double GROWTH_FACTOR = 2.0;
    public static final double BACKOFF_FACTOR = 0.5;
    public static final int GROWTH_INTERVAL = 2000;
    private static final String KEY = "loss_scaler";

    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private double scale;
    private int finiteSteps;

    /** GradScaler's defaults. */
    public LossScaler() {
        this(INITIAL_SCALE, GROWTH_FACTOR, BACKOFF_FACTOR, GROWTH_INTERVAL);
    }

    /**
     * @throws IllegalArgumentException unless scale > 0, growth > 1, 0 < backoff < 1 and interval >= 1
     */
    public LossScaler(double initialScale, double growthFactor, double backoffFactor, int growthInterval) {
        if (!(initialScale > 0) || !(growthFactor > 1) || !(backoffFactor > 0 && backoffFactor < 1) || growthInterval < 1) {
            throw new IllegalArgumentException("loss scaler needs scale > 0, growth > 1, 0 < backoff < 1 and interval >= 1, got "
                    + initialScale + ", " + growthFactor + ", " + backoffFactor + ", " + growthInterval);
        }
        this.scale = initialScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
    }

    /** The factor the loss (or the gradient entering the scaled part of the graph) is multiplied by. */
    public double scale() {
        return scale;
    }

    /** Finite steps since the scale last changed. */
    public int finiteSteps() {
        return finiteSteps;
    }

    /** {@code gradient} times the current scale (a new tensor). */
    public Tensor scaled(Tensor gradient) {
        return gradient.mul(new Scalar(scale));
    }

    /**
     * Divides every defined gradient of {@code parameters} by the scale, in place, and checks them
     * all with one host read.
     *
     * @return true when every gradient is finite; false means the step must be skipped
     */
    public boolean unscale(TensorVector parameters) {
        Scalar inverse = new Scalar(1.0 / scale);
        TensorVector finite = new TensorVector();
        for (long i = 0; i < parameters.size(); i++) {
            Tensor g = parameters.get(i).grad();
            if (!g.defined()) continue;
            g.mul_(inverse);
            finite.push_back(torch.isfinite(g).all());
        }
        return finite.size() == 0 || torch.stack(finite).all().item_bool();
    }

    /**
     * Applies the step's outcome: a non-finite step halves the scale and restarts the count; the
     * {@code growthInterval}-th finite step in a row doubles it.
     */
    public void update(boolean finite) {
        if (!finite) {
            scale *= backoffFactor;
            finiteSteps = 0;
            return;
        }
        if (++finiteSteps >= growthInterval) {
            scale *= growthFactor;
            finiteSteps = 0;
        }
    }

    void save(OutputArchive archive) {
        Archives.writeDoubles(archive, KEY, scale, finiteSteps);
    }

    /** Restores the state when the checkpoint has one; returns whether it did (an fp32/bf16 checkpoint has none). */
    boolean load(InputArchive archive) {
        Tensor t = new Tensor();
        if (!archive.try_read(KEY, t)) return false;
        double[] v = Archives.readDoubles(archive, KEY, "loss scaler");
        if (v.length != 2 || !(v[0] > 0)) throw new IllegalArgumentException("checkpoint entry '" + KEY + "' is malformed");
        scale = v[0];
        finiteSteps = (int) v[1];
        return true;
    }
}
