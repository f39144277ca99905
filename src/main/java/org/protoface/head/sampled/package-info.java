/**
 * Sampled-softmax baselines: class centres for all N identities kept outside the optimizer, of
 * which each step uses the batch's classes plus sampled negatives.
 * <ul>
 *   <li>{@link org.protoface.head.sampled.PartialFcScorer} with
 *       {@link org.protoface.head.sampled.NegativeSampling.Rate}: Partial FC (r x N centres per step);</li>
 *   <li>the same scorer with {@link org.protoface.head.sampled.NegativeSampling.Count} plus
 *       {@link org.protoface.head.loss.DissectedSoftmaxLoss}: D-Softmax-K.</li>
 * </ul>
 * Configuration records: {@link org.protoface.head.sampled.PartialFcConfig},
 * {@link org.protoface.head.sampled.DSoftmaxKConfig}.
 */
package org.protoface.head.sampled;
