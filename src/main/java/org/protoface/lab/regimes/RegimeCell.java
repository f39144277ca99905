package org.protoface.lab.regimes;

import org.protoface.lab.heads.HeadCase;

/**
 * One training run of the study: a method trained for {@code steps} on a data point. A cell can
 * serve both axes (the default data point at the base length is on both).
 *
 * @param batchIdentities identities per batch (batch.size / batch.images_per_identity)
 * @param batchSize       images per batch
 */
public record RegimeCell(DataPoint data, long steps, HeadCase method, int batchIdentities, int batchSize) {

    /**
     * How many batches an identity takes part in over the run: steps x (B / K) / N (the sampler
     * walks a permutation of the identities, so every identity comes by this often, give or take one).
     */
    public double passesPerIdentity() {
        return steps * (double) batchIdentities / data.identities();
    }

    /** How often each training image is seen: steps x B / (N x images per identity). */
    public double viewsPerImage() {
        return steps * (double) batchSize / data.images();
    }

    /** Images the run trains on (its image budget): steps x B. */
    public long imageBudget() {
        return steps * batchSize;
    }

    /** Folder of the cell under the study's output folder, e.g. "2000x16-1000steps/pfc-0.1". */
    public String folder() {
        return data + "-" + steps + "steps/" + method.label().replace(':', '-');
    }
}
