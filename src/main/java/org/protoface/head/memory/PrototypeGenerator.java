package org.protoface.head.memory;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Tensors;

import static org.bytedeco.pytorch.global.torch.ones;
import static org.bytedeco.pytorch.global.torch.zeros;

/**
 * Builds one prototype per batch identity from the raw embeddings of its images:
 * p_c = normalize(sum_j q_j x_j / sum_j q_j), with q_j = 1 (Prototype Memory) or
 * q_j = ||x_j|| / max_batch ||x|| (Quality-Aware Prototype Memory).
 *
 * <p>The quality weights are always detached: they decide how much each image counts, and
 * letting the loss move them would reward the encoder for inflating feature norms.
 */
public final class PrototypeGenerator {
    private final boolean gradThroughPrototypes;
    private final boolean qualityWeights;

    /**
     * @param gradThroughPrototypes false builds prototypes from detached embeddings, so the loss
     *                              reaches the encoder only through the normalised samples
     * @param qualityWeights        weight images by raw norm over the batch maximum
     */
    public PrototypeGenerator(boolean gradThroughPrototypes, boolean qualityWeights) {
        this.gradThroughPrototypes = gradThroughPrototypes;
        this.qualityWeights = qualityWeights;
    }

    /**
     * @param embeddings raw encoder output B x d (not normalised)
     * @param classes    identities of the batch samples
     */
    public BatchPrototypes generate(Tensor embeddings, BatchClasses classes) {
        Tensor x = gradThroughPrototypes ? embeddings : embeddings.detach();
        long b = classes.samples();
        long d = Tensors.shape(embeddings)[1];
        // every new tensor on the embeddings' device and type
        TensorOptions like = embeddings.options();
        Tensor q = qualityWeights ? qualityWeights(embeddings) : ones(new long[] {b}, like);
        Tensor weighted = x.mul(q.unsqueeze(1));
        Tensor column = classes.columnIndex().to(embeddings.device(), torch.ScalarType.Long);
        Tensor sums = zeros(new long[] {classes.size(), d}, like).index_add(0, column, weighted);
        Tensor weightSums = zeros(new long[] {classes.size()}, like).index_add(0, column, q);
        Tensor fresh = Tensors.l2normalize(sums.div(weightSums.unsqueeze(1)));
        return new BatchPrototypes(fresh, sums, weightSums, weighted, q, column);
    }

    /** q_j = ||x_j|| / max_i ||x_i||, detached. */
    static Tensor qualityWeights(Tensor embeddings) {
        Tensor norms = embeddings.detach().norm(new ScalarOptional(new Scalar(2.0)), new long[] {1}, false);
        return norms.div(norms.max());
    }

    /** The prototypes of one batch, plus what is needed to rebuild a class prototype without one sample. */
    public static final class BatchPrototypes {
        private final Tensor fresh;
        private final Tensor sums;
        private final Tensor weightSums;
        private final Tensor weighted;
        private final Tensor weights;
        private final Tensor column;

        BatchPrototypes(Tensor fresh, Tensor sums, Tensor weightSums, Tensor weighted, Tensor weights, Tensor column) {
            this.fresh = fresh;
            this.sums = sums;
            this.weightSums = weightSums;
            this.weighted = weighted;
            this.weights = weights;
            this.column = column;
        }

        /** C x d unit-norm prototypes, row c for column c of {@link BatchClasses}. */
        public Tensor fresh() {
            return fresh;
        }

        /** Per-sample weights q (B), detached. */
        public Tensor weights() {
            return weights;
        }

        /**
         * Leave-one-out prototypes: row k is the prototype of sample {@code rows[k]}'s class built
         * without that sample. Every listed sample's class must have at least two images in the batch.
         *
         * @param rows int64 sample indices
         */
        public Tensor leaveOneOut(Tensor rows) {
            Tensor columns = column.index_select(0, rows);
            Tensor numerators = sums.index_select(0, columns).sub(weighted.index_select(0, rows));
            Tensor denominators = weightSums.index_select(0, columns).sub(weights.index_select(0, rows));
            return Tensors.l2normalize(numerators.div(denominators.unsqueeze(1)));
        }
    }
}
