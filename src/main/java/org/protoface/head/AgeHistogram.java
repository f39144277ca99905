package org.protoface.head;

import java.util.Map;

/**
 * A coarse histogram of the ages (in steps) of the class weights used as negatives in one step,
 * in power-of-two buckets, written to telemetry as {@code neg_age_hist_0} ... {@code neg_age_hist_15}:
 * the fraction of the step's negatives whose age falls in each bucket (the values sum to 1).
 *
 * <p>Bucket 0 holds age 0; bucket k (1..14) holds ages in [2^(k-1), 2^k); bucket 15 holds ages of
 * 2^14 = 16384 steps and more. The summary statistics (mean, median, p99) say how old a step's
 * negatives are; the histogram keeps the shape, so runs can be pooled over steps without keeping
 * every age. Shared by the sampled-centre and the Prototype Memory scorers so both report the
 * same buckets.
 */
public final class AgeHistogram {
    public static final int BUCKETS = 16;
    public static final String KEY_PREFIX = "neg_age_hist_";

    private AgeHistogram() {}

    /** The bucket of an age in steps (negative ages are a caller bug). */
    public static int bucketOf(long age) {
        if (age < 0) throw new IllegalArgumentException("age must be >= 0, got " + age);
        if (age == 0) return 0;
        // floor(log2(age)) + 1: age 1 -> 1, 2..3 -> 2, 4..7 -> 3, ...
        int bucket = 64 - Long.numberOfLeadingZeros(age);
        return Math.min(bucket, BUCKETS - 1);
    }

    /** Smallest age in bucket {@code k}. */
    public static long lowerBound(int k) {
        checkBucket(k);
        return k == 0 ? 0 : 1L << (k - 1);
    }

    /** Largest age in bucket {@code k}, or {@link Long#MAX_VALUE} for the open last bucket. */
    public static long upperBound(int k) {
        checkBucket(k);
        if (k == 0) return 0;
        return k == BUCKETS - 1 ? Long.MAX_VALUE : (1L << k) - 1;
    }

    /**
     * Telemetry key of bucket {@code k}: {@code neg_age_hist_<k>}.
     *
     * @throws IllegalArgumentException if {@code k} is not in 0..15
     */
    public static String key(int k) {
        checkBucket(k);
        return KEY_PREFIX + k;
    }

    /**
     * Puts the 16 bucket fractions into {@code out}. Puts nothing when there are no ages, or when an
     * age is negative: that only happens when a caller scores steps out of order (tests replaying
     * steps), and no bucket would describe it truthfully.
     */
    public static void put(long[] ages, Map<String, Double> out) {
        if (ages.length == 0) return;
        for (long a : ages) if (a < 0) return;
        int[] counts = new int[BUCKETS];
        for (long a : ages) counts[bucketOf(a)]++;
        for (int k = 0; k < BUCKETS; k++) out.put(key(k), counts[k] / (double) ages.length);
    }

    private static void checkBucket(int k) {
        if (k < 0 || k >= BUCKETS) throw new IllegalArgumentException("age bucket must be in 0.." + (BUCKETS - 1) + ", got " + k);
    }
}
