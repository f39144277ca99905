package org.protoface.eval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;

/**
 * A set of held-out images whose every pair (i &lt; j) is scored, giving enough impostor pairs to
 * resolve small FARs: FAR 1e-5 needs at least 100,000 impostor pairs, and 3,000 images give about
 * 4.5 million pairs.
 */
public final class AllPairsSet {
    private static final Logger LOG = LoggerFactory.getLogger(AllPairsSet.class);
    /** Rows per task: 64 embeddings of 512 floats (128 KB) stay in L2 while the columns stream past. */
    private static final int BLOCK = 64;

    private final int[] identities;
    private final int[] indices;
    private final long genuineCount;
    private final long impostorCount;

    /**
     * An explicit image list: image i is {@code indices[i]} of {@code identities[i]}.
     *
     * @throws IllegalArgumentException when an image is listed twice, there are no genuine or no
     *                                  impostor pairs, or the pair counts do not fit in Java arrays
     */
    public AllPairsSet(int[] identities, int[] indices) {
        if (identities.length != indices.length) {
            throw new IllegalArgumentException(identities.length + " identities but " + indices.length + " image indices");
        }
        if (identities.length < 2) throw new IllegalArgumentException("all-pairs set needs at least 2 images, got " + identities.length);
        this.identities = identities.clone();
        this.indices = indices.clone();
        requireDistinctImages(this.identities, this.indices);
        long n = identities.length;
        long genuine = 0;
        for (int c : laterSameIdentityCounts(this.identities)) genuine += c;
        this.genuineCount = genuine;
        this.impostorCount = n * (n - 1) / 2 - genuine;
        if (impostorCount > Integer.MAX_VALUE - 8 || genuineCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " images give " + (n * (n - 1) / 2) + " pairs, more than one array can hold");
        }
        if (genuineCount == 0 || impostorCount == 0) {
            throw new IllegalArgumentException("all-pairs set of " + n + " images has " + genuineCount + " genuine and "
                    + impostorCount + " impostor pairs; both must be non-zero");
        }
    }

    /**
     * The all-pairs set this dataset can give, as close to {@code identityTarget} identities x
     * {@code imagesPerIdentity} images as it allows: as many identities as asked, or as there are
     * with 2+ images if fewer, each with the most images per identity (at most the number asked)
     * that that many identities have. E.g. asked 100 x 30 of 1,000 identities with 15 images:
     * 100 x 15; of 55 identities with 10: 55 x 10.
     *
     * @return {identities, images per identity}, or null when fewer than 2 identities have 2 images
     *         (no genuine pair, or no impostor pair, could be formed)
     */
    public static int[] fit(int identityCount, IntUnaryOperator imageCount, int identityTarget, int imagesPerIdentity) {
        int[] counts = new int[identityCount];
        for (int id = 0; id < identityCount; id++) counts[id] = imageCount.applyAsInt(id);
        Arrays.sort(counts);   // ascending: counts[identityCount - t] is the t-th largest
        int withTwo = 0;
        for (int c : counts) if (c >= 2) withTwo++;
        int identities = Math.min(identityTarget, withTwo);
        if (identities < 2 || imagesPerIdentity < 2) return null;
        int images = Math.min(imagesPerIdentity, counts[identityCount - identities]);
        return new int[] {identities, images};
    }

    /**
     * Picks {@code identityTarget} random identities among those with at least
     * {@code imagesPerIdentity} images and {@code imagesPerIdentity} random images of each
     * (deterministic from the seed; images grouped by identity). When fewer identities qualify it
     * takes all that do and logs it.
     *
     * @throws IllegalArgumentException when fewer than 2 identities have enough images
     */
    public static AllPairsSet select(int identityCount, IntUnaryOperator imageCount, int identityTarget, int imagesPerIdentity, long seed) {
        if (imagesPerIdentity < 2) throw new IllegalArgumentException("need at least 2 images per identity for genuine pairs, got " + imagesPerIdentity);
        List<Integer> eligible = new ArrayList<>();
        for (int id = 0; id < identityCount; id++) if (imageCount.applyAsInt(id) >= imagesPerIdentity) eligible.add(id);
        if (eligible.size() < 2) {
            throw new IllegalArgumentException("only " + eligible.size() + " of " + identityCount + " identities have at least "
                    + imagesPerIdentity + " images; the all-pairs set needs 2 or more");
        }
        Random random = new Random(seed);
        Collections.shuffle(eligible, random);
        int chosen = Math.min(identityTarget, eligible.size());
        if (chosen < identityTarget) {
            LOG.warn("all-pairs set: only {} identities have {}+ images (asked for {})", chosen, imagesPerIdentity, identityTarget);
        }
        List<Integer> ids = new ArrayList<>(eligible.subList(0, chosen));
        Collections.sort(ids);
        int[] identities = new int[chosen * imagesPerIdentity];
        int[] indices = new int[identities.length];
        int pos = 0;
        for (int id : ids) {
            int[] picked = firstOfPermutation(imageCount.applyAsInt(id), imagesPerIdentity, random);
            for (int index : picked) {
                identities[pos] = id;
                indices[pos++] = index;
            }
        }
        return new AllPairsSet(identities, indices);
    }

    /** k distinct values of 0..n-1 by a partial Fisher-Yates shuffle, returned sorted. */
    private static int[] firstOfPermutation(int n, int k, Random random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] picked = Arrays.copyOf(all, k);
        Arrays.sort(picked);
        return picked;
    }

    /** Number of images in the set. */
    public int size() {
        return identities.length;
    }

    /** Identity of each image of the set, in set order (a copy). */
    public int[] identities() {
        return identities.clone();
    }

    /** Index of each image within its identity, in set order (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** Number of same-identity (genuine) pairs i &lt; j. */
    public long genuineCount() {
        return genuineCount;
    }

    /** Number of cross-identity (impostor) pairs i &lt; j. */
    public long impostorCount() {
        return impostorCount;
    }

    /**
     * Cosine scores of all pairs i &lt; j, split into genuine and impostor arrays (row-major pair
     * order within each), using {@code threads} worker threads.
     *
     * @param embeddings one L2-normalised row per image of this set, in set order
     */
    public GenuineImpostorScores score(float[][] embeddings, int threads) {
        Embeddings.requireNormalised(embeddings, identities.length, "all-pairs embeddings");
        int n = identities.length;
        int[] laterSame = laterSameIdentityCounts(identities);
        // Each row owns a fixed slice of the output arrays, so threads never share a write position.
        long[] genuineStart = new long[n + 1];
        long[] impostorStart = new long[n + 1];
        for (int i = 0; i < n; i++) {
            genuineStart[i + 1] = genuineStart[i] + laterSame[i];
            impostorStart[i + 1] = impostorStart[i] + (n - 1 - i - laterSame[i]);
        }
        double[] genuine = new double[(int) genuineCount];
        double[] impostor = new double[(int) impostorCount];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread t = new Thread(runnable, "all-pairs-scorer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int rowStart = 0; rowStart < n; rowStart += BLOCK) {
                int r0 = rowStart;
                tasks.add(pool.submit(() -> scoreRowBlock(r0, Math.min(n, r0 + BLOCK), embeddings,
                        genuineStart, impostorStart, genuine, impostor)));
            }
            for (Future<?> task : tasks) task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring all pairs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("scoring all pairs failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new GenuineImpostorScores(genuine, impostor);
    }

    /** As {@link #score(float[][], int)} on every available processor. */
    public GenuineImpostorScores score(float[][] embeddings) {
        return score(embeddings, Runtime.getRuntime().availableProcessors());
    }

    /** Scores rows [r0, r1) against all later rows, column block by column block for cache reuse. */
    private void scoreRowBlock(int r0, int r1, float[][] e, long[] genuineStart, long[] impostorStart,
                               double[] genuine, double[] impostor) {
        int n = e.length;
        int dim = e[0].length;
        int[] genuineCursor = new int[r1 - r0];
        int[] impostorCursor = new int[r1 - r0];
        for (int i = r0; i < r1; i++) {
            genuineCursor[i - r0] = (int) genuineStart[i];
            impostorCursor[i - r0] = (int) impostorStart[i];
        }
        for (int c0 = r0; c0 < n; c0 += BLOCK) {
            int c1 = Math.min(n, c0 + BLOCK);
            float[] dots = new float[4];
            for (int i = r0; i < r1; i++) {
                float[] a = e[i];
                int id = identities[i];
                int j = Math.max(c0, i + 1);
                // Four columns at a time: each a[k] load serves four products.
                for (; j + 3 < c1; j += 4) {
                    dot4(a, e[j], e[j + 1], e[j + 2], e[j + 3], dim, dots);
                    for (int q = 0; q < 4; q++) {
                        double s = Embeddings.clamp(dots[q]);
                        if (identities[j + q] == id) genuine[genuineCursor[i - r0]++] = s;
                        else impostor[impostorCursor[i - r0]++] = s;
                    }
                }
                for (; j < c1; j++) {
                    double s = Embeddings.clamp(Embeddings.dot(a, e[j], dim));
                    if (identities[j] == id) genuine[genuineCursor[i - r0]++] = s;
                    else impostor[impostorCursor[i - r0]++] = s;
                }
            }
        }
    }

    private static void requireDistinctImages(int[] identities, int[] indices) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < identities.length; i++) {
            if (!seen.add(((long) identities[i] << 32) | (indices[i] & 0xffffffffL))) {
                throw new IllegalArgumentException("all-pairs set lists image " + indices[i] + " of identity " + identities[i] + " twice");
            }
        }
    }

    private static void dot4(float[] a, float[] b0, float[] b1, float[] b2, float[] b3, int dim, float[] out) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int k = 0; k < dim; k++) {
            float x = a[k];
            s0 += x * b0[k];
            s1 += x * b1[k];
            s2 += x * b2[k];
            s3 += x * b3[k];
        }
        out[0] = s0;
        out[1] = s1;
        out[2] = s2;
        out[3] = s3;
    }

    /** For each image, how many later images (higher position) share its identity. */
    private static int[] laterSameIdentityCounts(int[] identities) {
        java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
        int[] later = new int[identities.length];
        for (int i = identities.length - 1; i >= 0; i--) {
            later[i] = seen.getOrDefault(identities[i], 0);
            seen.merge(identities[i], 1, Integer::sum);
        }
        return later;
    }
}
