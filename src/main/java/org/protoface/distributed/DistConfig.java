package org.protoface.distributed;

import org.protoface.config.Section;

import java.time.Duration;

/**
 * The {@code dist:} section: how ranks talk to each other.
 *
 * @param timeoutS     seconds a collective (and joining the job) may wait for the other ranks
 *                     before failing with a message naming the rank that is missing; a rank that
 *                     dies is reported at once, not after this timeout
 * @param bucketMb     gradient bucket size in MiB for the data-parallel all-reduce (DDP's 25);
 *                     the first bucket is 1 MiB, as in DDP, so communication starts early in backward
 * @param glooThreads  Gloo worker threads per rank (PyTorch's default is 2)
 * @param batchNorm    BatchNorm in training: "local" (each rank normalises with its own batch's
 *                     statistics and updates its running statistics from them, as insightface's
 *                     arcface_torch does; rank 0's are the ones saved) or "frozen" (the running
 *                     statistics normalise and are never updated, so normalisation does not depend
 *                     on how the global batch is split: N ranks compute what one process computes;
 *                     also the usual choice for fine-tuning with small batches). Applies to one
 *                     process too.
 */
public record DistConfig(int timeoutS, double bucketMb, int glooThreads, String batchNorm) {
    public static final String LOCAL_BATCH_NORM = "local";
    public static final String FROZEN_BATCH_NORM = "frozen";
    public static final DistConfig DEFAULTS = new DistConfig(300, 25, 2, LOCAL_BATCH_NORM);
    public static final Section<DistConfig> SECTION = new Section<>("dist", DistConfig.class, DEFAULTS);
    /** DDP's first bucket: small, so the first all-reduce starts as soon as the last layer's gradients exist. */
    public static final long FIRST_BUCKET_BYTES = 1L << 20;

    public DistConfig {
        if (timeoutS < 1) throw new IllegalArgumentException("dist.timeout_s must be >= 1 second, got " + timeoutS);
        if (!(bucketMb > 0) || bucketMb > 4096) throw new IllegalArgumentException("dist.bucket_mb must be in (0, 4096], got " + bucketMb);
        if (glooThreads < 1 || glooThreads > 64) throw new IllegalArgumentException("dist.gloo_threads must be in 1..64, got " + glooThreads);
        if (batchNorm == null) batchNorm = LOCAL_BATCH_NORM;
        if (!batchNorm.equals(LOCAL_BATCH_NORM) && !batchNorm.equals(FROZEN_BATCH_NORM)) {
            throw new IllegalArgumentException("dist.batch_norm must be local or frozen, got '" + batchNorm + "'");
        }
    }

    /** With local BatchNorm. */
    public DistConfig(int timeoutS, double bucketMb, int glooThreads) {
        this(timeoutS, bucketMb, glooThreads, LOCAL_BATCH_NORM);
    }

    /** How long a collective or joining the job waits for the other ranks: {@code dist.timeout_s} seconds. */
    public Duration timeout() {
        return Duration.ofSeconds(timeoutS);
    }

    /**
     * Gradient bucket size of the data-parallel all-reduce in bytes: {@code dist.bucket_mb} x 2^20,
     * rounded, at least 1. The first bucket is the smaller of this and {@link #FIRST_BUCKET_BYTES}.
     */
    public long bucketBytes() {
        return Math.max(1, Math.round(bucketMb * (1 << 20)));
    }

    /** Whether {@code dist.batch_norm} is "frozen": the encoder's BatchNorm layers stay in evaluation mode while training. */
    public boolean frozenBatchNorm() {
        return batchNorm.equals(FROZEN_BATCH_NORM);
    }

    /** A copy with {@code t} as the collective timeout, truncated to whole seconds and at least 1 s. */
    public DistConfig withTimeout(Duration t) {
        return new DistConfig((int) Math.max(1, t.toSeconds()), bucketMb, glooThreads, batchNorm);
    }
}
