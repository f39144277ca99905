package org.protoface.head;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.Map;

/**
 * Telemetry of stored class weights (the full softmax matrix, sampled centres) shared by the heads
 * that keep one: how well a batch class's weight points at its class's current embeddings, and how
 * the row norms are distributed. Both are read-only views, computed without gradient.
 *
 * <p>Keys written: {@code proto_drift_cos} by {@link #driftCosine}'s callers, and
 * {@code prototype_norm_mean}, {@code prototype_norm_p10}, {@code prototype_norm_p50},
 * {@code prototype_norm_p90} by {@link #putNorms}.
 */
public final class ClassWeightStats {
    public static final String DRIFT_COS = "proto_drift_cos";
    public static final String NORM_MEAN = "prototype_norm_mean";
    public static final String NORM_P10 = "prototype_norm_p10";
    public static final String NORM_P50 = "prototype_norm_p50";
    public static final String NORM_P90 = "prototype_norm_p90";

    private ClassWeightStats() {}

    /**
     * Mean over the batch's classes of cos(w_c, mean of the normalised embeddings of c's samples):
     * 1 when every stored weight points where its class's current embeddings are, about 0 when the
     * weights carry no information about their class.
     *
     * @param embeddings  B x d raw embeddings (detached here)
     * @param classWeights P x d stored weights of the batch's P distinct classes (detached here)
     * @param targets     B int64, sample i's row in {@code classWeights}; every row must have a sample
     */
    public static double driftCosine(Tensor embeddings, Tensor classWeights, Tensor targets) {
        try (TensorScope scope = TensorScope.open(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor unit = Tensors.l2normalize(embeddings.detach());
            // summing instead of averaging: a cosine does not depend on the positive 1/k factor
            Tensor classSums = torch.zeros(Tensors.shape(classWeights), unit.options());
            classSums.index_add_(0, targets, unit);
            Tensor cosines = Tensors.l2normalize(classSums).mul(Tensors.l2normalize(classWeights.detach())).sum(1);
            return cosines.mean().item_double();
        }
    }

    /**
     * Distribution of the L2 norms of the rows of {@code weights} (N x d): mean and the 10th, 50th
     * and 90th percentiles (nearest rank), put into {@code out}. O(N d).
     */
    public static void putNorms(Tensor weights, Map<String, Double> out) {
        float[] norms;
        try (TensorScope scope = TensorScope.open(); NoGradGuard noGrad = new NoGradGuard()) {
            norms = Tensors.floats(weights.detach().mul(weights.detach()).sum(1).sqrt().cpu());
        }
        double sum = 0;
        for (float v : norms) sum += v;
        Arrays.sort(norms);
        out.put(NORM_MEAN, sum / norms.length);
        out.put(NORM_P10, (double) nearestRank(norms, 0.10));
        out.put(NORM_P50, (double) nearestRank(norms, 0.50));
        out.put(NORM_P90, (double) nearestRank(norms, 0.90));
    }

    /** The smallest value with at least {@code q} of the sorted values at or below it. */
    static float nearestRank(float[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * The distinct labels of a batch in ascending order and each sample's position among them
     * (what {@link #driftCosine} needs for a head whose row of class c is row c).
     *
     * @return {@code [distinct, targets]}
     */
    public static long[][] distinctAndPositions(long[] labels) {
        long[] distinct = Arrays.stream(labels).sorted().distinct().toArray();
        long[] positions = new long[labels.length];
        for (int i = 0; i < labels.length; i++) positions[i] = Arrays.binarySearch(distinct, labels[i]);
        return new long[][] {distinct, positions};
    }
}
