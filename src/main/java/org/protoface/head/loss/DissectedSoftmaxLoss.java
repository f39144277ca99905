package org.protoface.head.loss;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.protoface.head.LossFunction;
import org.protoface.torch.Tensors;

import java.util.Arrays;

import static org.bytedeco.pytorch.global.torch.cat;
import static org.bytedeco.pytorch.global.torch.gather;
import static org.bytedeco.pytorch.global.torch.logsumexp;
import static org.bytedeco.pytorch.global.torch.scatter;

/**
 * The dissected softmax (D-Softmax, He et al., "Softmax Dissection", AAAI 2020). Softmax
 * cross-entropy log(1 + sum_{j != y} e^{s c_j} / e^{s c_y}) couples the target and the negatives;
 * D-Softmax replaces each by a constant in the other's term, so each objective stops at its own
 * threshold:
 * <pre>
 *   L_i     = L_intra(i) + L_inter(i)
 *   L_intra = log(1 + exp(s (d - c_{i,y})))                      pull the target cosine above d
 *   L_inter = log(1 + sum_{j != y} exp(s (c_{i,j} - t)))        push every other column below t
 *   L       = mean_i L_i
 * </pre>
 * c_{i,j} are the clamped cosines of {@link org.protoface.head.Scores} (the logits argument, i.e.
 * any margin's output, is not read: d plays the margin's role). j runs over every column except
 * sample i's target: the other batch classes and, with a sampled scorer, the drawn negatives,
 * which with K drawn negatives is D-Softmax-K. The paper writes the intra term as
 * log(1 + eps e^{-s c_y}) with eps = e^{s d}, and the inter term as log(1 + sum_j e^{s c_j}),
 * i.e. t = 0.
 *
 * <p>Defaults: s = 64, d = 0.9, t = 0. Both terms are evaluated as logsumexp over {0, ...}, which
 * subtracts the maximum and cannot overflow even at s = 64.
 */
public final class DissectedSoftmaxLoss implements LossFunction {
    public static final double DEFAULT_SCALE = 64.0;
    public static final double DEFAULT_INTRA_THRESHOLD = 0.9;
    public static final double DEFAULT_INTER_THRESHOLD = 0.0;

    private final double scale;
    private final double intraThreshold;
    private final double interThreshold;

    /** D-Softmax with the defaults s = 64, d = 0.9, t = 0. */
    public DissectedSoftmaxLoss() {
        this(DEFAULT_SCALE, DEFAULT_INTRA_THRESHOLD, DEFAULT_INTER_THRESHOLD);
    }

    /**
     * @param scale          s > 0
     * @param intraThreshold d in [-1, 1]
     * @param interThreshold t in [-1, 1]
     */
    public DissectedSoftmaxLoss(double scale, double intraThreshold, double interThreshold) {
        if (!(scale > 0)) throw new IllegalArgumentException("d-softmax scale must be > 0, got " + scale);
        if (!(Math.abs(intraThreshold) <= 1)) throw new IllegalArgumentException("d-softmax intra_threshold must be in [-1, 1], got " + intraThreshold);
        if (!(Math.abs(interThreshold) <= 1)) throw new IllegalArgumentException("d-softmax inter_threshold must be in [-1, 1], got " + interThreshold);
        this.scale = scale;
        this.intraThreshold = intraThreshold;
        this.interThreshold = interThreshold;
    }

    @Override
    public Tensor loss(Tensor logits, Tensor cosines, Tensor targets) {
        long[] shape = Tensors.shape(cosines);
        long[] targetShape = Tensors.shape(targets);
        if (shape.length != 2 || targetShape.length != 1 || targetShape[0] != shape[0]) {
            throw new IllegalArgumentException("d-softmax needs B x C cosines and B targets, got "
                    + Arrays.toString(shape) + " and " + Arrays.toString(targetShape));
        }
        Tensor column = targets.unsqueeze(1);
        Tensor zero = Tensors.zeros(shape[0], 1);

        Tensor targetCos = gather(cosines, 1, column);
        Tensor intraExponent = targetCos.neg().add(new Scalar(intraThreshold)).mul(new Scalar(scale));
        Tensor intra = logsumexp(cat(new TensorVector(zero, intraExponent), 1), 1);

        Tensor interExponents = cosines.sub(new Scalar(interThreshold)).mul(new Scalar(scale));
        // exp(-inf) = 0 removes the target column from the sum (and from the gradient).
        Tensor negativesOnly = scatter(interExponents, 1, column, new Scalar(Double.NEGATIVE_INFINITY));
        Tensor inter = logsumexp(cat(new TensorVector(zero, negativesOnly), 1), 1);

        return intra.add(inter).mean();
    }

    /** The scale s. */
    public double scale() {
        return scale;
    }

    /** The intra-class threshold d the target cosine is pulled above. */
    public double intraThreshold() {
        return intraThreshold;
    }

    /** The inter-class threshold t every other cosine is pushed below. */
    public double interThreshold() {
        return interThreshold;
    }

    @Override
    public String describe() {
        return "d-softmax s=" + fmt(scale) + " d=" + fmt(intraThreshold) + " t=" + fmt(interThreshold);
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
