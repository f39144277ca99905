package org.protoface.head.sampled;

import org.protoface.head.loss.DissectedSoftmaxLoss;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.protoface.config.Section;

/**
 * Options of D-Softmax-K (He et al., AAAI 2020): the sampled scorer's options plus the dissected
 * loss's. YAML/JSON keys in snake_case, every key optional:
 * <pre>
 *   negatives: 1024          # K, negatives drawn per step besides the batch's classes
 *   scale: 64.0              # s
 *   intra_threshold: 0.9     # d, the target cosine the intra-class term pulls towards
 *   inter_threshold: 0.0     # t, the cosine below which a negative stops being pushed
 *   momentum: 0.9
 *   weight_decay: 5.0e-4
 *   drift_every: 50
 *   seed: 0
 * </pre>
 * The paper's fast variant samples about 1/64 of the classes; for that setting choose K close
 * to N / 64. The default K = 1024 is a ProtoFace choice.
 */
public record DSoftmaxKConfig(
        @JsonProperty("negatives") int negatives,
        @JsonProperty("scale") double scale,
        @JsonProperty("intra_threshold") double intraThreshold,
        @JsonProperty("inter_threshold") double interThreshold,
        @JsonProperty("momentum") double momentum,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("drift_every") int driftEvery,
        @JsonProperty("seed") long seed) {

    public static final Section<DSoftmaxKConfig> SECTION = new Section<>(DSoftmaxKKind.NAME, DSoftmaxKConfig.class, defaults());

    public static final int DEFAULT_NEGATIVES = 1024;

    public DSoftmaxKConfig {
        new NegativeSampling.Count(negatives);
        new DissectedSoftmaxLoss(scale, intraThreshold, interThreshold);
        new CentreSgd(momentum, weightDecay);
        if (driftEvery < 0) throw new IllegalArgumentException("d-softmax-k drift_every must be >= 0, got " + driftEvery);
    }

    /**
     * The documented defaults: K = 1024, s = 64, d = 0.9, t = 0, momentum 0.9, weight decay 5e-4, drift every 50
     * steps, seed 0.
     */
    public static DSoftmaxKConfig defaults() {
        return new DSoftmaxKConfig(DEFAULT_NEGATIVES, DissectedSoftmaxLoss.DEFAULT_SCALE,
                DissectedSoftmaxLoss.DEFAULT_INTRA_THRESHOLD, DissectedSoftmaxLoss.DEFAULT_INTER_THRESHOLD,
                CentreSgd.DEFAULT_MOMENTUM, CentreSgd.DEFAULT_WEIGHT_DECAY, PartialFcConfig.DEFAULT_DRIFT_EVERY, 0L);
    }

    /**
     * A D-Softmax-K class scorer (He et al., 2020) over {@code numClasses} centres of dimension {@code dim}, on the
     * CPU: the batch's classes plus K drawn negatives per step.
     */
    public PartialFcScorer scorer(long numClasses, int dim) {
        return PartialFcScorer.dSoftmaxK(numClasses, dim, this);
    }

    /** The dissected softmax loss with this config's s, d and t. */
    public DissectedSoftmaxLoss loss() {
        return new DissectedSoftmaxLoss(scale, intraThreshold, interThreshold);
    }
}
