package org.protoface.eval;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Builds an LFW-like pair list from a held-out dataset known only by its shape (identity count and
 * images per identity). Deterministic for a given seed.
 *
 * <p>Layout: 10 folds in order; each fold holds n/20 same pairs followed by n/20 different pairs
 * (like LFW's pairs.txt sets). No pair occurs twice (pairs are unordered). Same pairs use two
 * distinct images of an identity with at least 2 images, cycling through the fold's identities so
 * that many identities contribute.
 *
 * <p>Identity-disjoint folds: the identities are shuffled and dealt round-robin into 10 groups
 * (multi-image identities dealt separately, so each group gets its share of them), and fold f draws
 * only from group f. If some group cannot supply its fold's distinct pairs, the generator falls
 * back to drawing every fold from all identities, logs a warning and marks the result
 * {@link PairList#identityDisjoint() not identity-disjoint}.
 */
public final class PairGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(PairGenerator.class);
    private static final int FOLDS = TenFoldVerification.FOLDS;

    private final int identityCount;
    private final int[] imageCounts;

    /**
     * @throws IllegalArgumentException when an identity reports fewer than 1 image
     */
    public PairGenerator(int identityCount, IntUnaryOperator imageCount) {
        if (identityCount < 2) throw new IllegalArgumentException("pairs need at least 2 identities, dataset has " + identityCount);
        this.identityCount = identityCount;
        this.imageCounts = new int[identityCount];
        for (int id = 0; id < identityCount; id++) {
            int c = imageCount.applyAsInt(id);
            if (c < 1) throw new IllegalArgumentException("identity " + id + " reports " + c + " images; every identity needs at least 1");
            imageCounts[id] = c;
        }
    }

    /**
     * The largest pair count up to {@code requested} that this dataset can supply: a multiple of
     * 20 (10 folds, same and different halves) whose 10 x n/20 same pairs and as many different
     * pairs exist as distinct image pairs. 0 when not even 10 same pairs exist (fewer than 10
     * image pairs within identities), which leaves the 10-fold protocol nothing to measure.
     */
    public int fitPairCount(int requested) {
        List<Integer> all = new ArrayList<>();
        for (int id = 0; id < identityCount; id++) all.add(id);
        long perKind = Math.min(requested / (2 * FOLDS), Math.min(samePairCapacity(all), differentPairCapacity(all)) / FOLDS);
        return (int) (perKind * 2 * FOLDS);
    }

    /** Image pairs within identities over the whole dataset, for messages. */
    public long samePairCapacity() {
        List<Integer> all = new ArrayList<>();
        for (int id = 0; id < identityCount; id++) all.add(id);
        return samePairCapacity(all);
    }

    /**
     * @param pairCount total pairs, a positive multiple of 20 (10 folds x equal same/different halves)
     * @throws IllegalArgumentException when the count is not a multiple of 20 or the whole dataset
     *                                  cannot supply that many distinct same or different pairs
     */
    public PairList generate(int pairCount, long seed) {
        return generate(pairCount, new Random(seed));
    }

    /** As {@link #generate(int, long)} with the random source given (tests count its draws). */
    PairList generate(int pairCount, Random random) {
        if (pairCount <= 0 || pairCount % (2 * FOLDS) != 0) {
            throw new IllegalArgumentException("pair count must be a positive multiple of 20, got " + pairCount);
        }
        int perKind = pairCount / (2 * FOLDS);
        List<List<Integer>> groups = dealIdentities(random);
        boolean disjoint = groups.stream().allMatch(g -> canSupply(g, perKind, perKind));
        if (!disjoint) {
            List<Integer> all = new ArrayList<>();
            for (int id = 0; id < identityCount; id++) all.add(id);
            if (!canSupply(all, pairCount / 2, pairCount / 2)) {
                throw new IllegalArgumentException("dataset of " + identityCount + " identities cannot supply " + pairCount / 2
                        + " distinct same pairs and " + pairCount / 2 + " distinct different pairs (same pairs available: "
                        + samePairCapacity(all) + ", different: " + differentPairCapacity(all) + ")");
            }
            LOG.warn("held-out set too small for identity-disjoint folds ({} identities, {} pairs): every fold draws from all identities",
                    identityCount, pairCount);
        }
        Set<UnorderedPair> usedSame = new HashSet<>();
        Set<UnorderedPair> usedDifferent = new HashSet<>();
        List<ImagePair> pairs = new ArrayList<>(pairCount);
        List<Integer> everyone = disjoint ? null : shuffledAll(random);
        // same pairs already taken per identity, over all folds: in the fallback every fold draws
        // from the same identities, so a per-fold count would retry exhausted identities forever
        int[] sameTaken = new int[identityCount];
        for (int f = 0; f < FOLDS; f++) {
            List<Integer> pool = disjoint ? groups.get(f) : everyone;
            addSamePairs(pool, perKind, random, usedSame, sameTaken, pairs);
            addDifferentPairs(pool, perKind, random, usedDifferent, pairs);
        }
        return new PairList(pairs, disjoint);
    }

    private List<List<Integer>> dealIdentities(Random random) {
        List<Integer> multi = new ArrayList<>();
        List<Integer> single = new ArrayList<>();
        for (int id : shuffledAll(random)) (imageCounts[id] >= 2 ? multi : single).add(id);
        List<List<Integer>> groups = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) groups.add(new ArrayList<>());
        int next = 0;
        for (int id : multi) groups.get(next++ % FOLDS).add(id);
        for (int id : single) groups.get(next++ % FOLDS).add(id);
        return groups;
    }

    private List<Integer> shuffledAll(Random random) {
        List<Integer> ids = new ArrayList<>(identityCount);
        for (int id = 0; id < identityCount; id++) ids.add(id);
        java.util.Collections.shuffle(ids, random);
        return ids;
    }

    private boolean canSupply(List<Integer> pool, long same, long different) {
        return samePairCapacity(pool) >= same && differentPairCapacity(pool) >= different;
    }

    private long samePairCapacity(List<Integer> pool) {
        long total = 0;
        for (int id : pool) total += (long) imageCounts[id] * (imageCounts[id] - 1) / 2;
        return total;
    }

    /** Image pairs across distinct identities: ((sum c)^2 - sum c^2) / 2. */
    private long differentPairCapacity(List<Integer> pool) {
        long sum = 0;
        long sumSquares = 0;
        for (int id : pool) {
            sum += imageCounts[id];
            sumSquares += (long) imageCounts[id] * imageCounts[id];
        }
        return (sum * sum - sumSquares) / 2;
    }

    /** Round-robin over the pool's multi-image identities, skipping those whose image pairs are used up. */
    private void addSamePairs(List<Integer> pool, int count, Random random, Set<UnorderedPair> used, int[] taken,
                              List<ImagePair> out) {
        List<Integer> candidates = new ArrayList<>();
        for (int id : pool) if (imageCounts[id] >= 2) candidates.add(id);
        int added = 0;
        for (int turn = 0; added < count; turn++) {
            int id = candidates.get(turn % candidates.size());
            long capacity = (long) imageCounts[id] * (imageCounts[id] - 1) / 2;
            if (taken[id] >= capacity) continue; // the capacity check in generate guarantees another identity has room
            while (true) {
                int a = random.nextInt(imageCounts[id]);
                int b = random.nextInt(imageCounts[id] - 1);
                if (b >= a) b++;
                int lo = Math.min(a, b);
                int hi = Math.max(a, b);
                if (used.add(key(id, lo, id, hi))) {
                    out.add(new ImagePair(id, lo, id, hi, true));
                    taken[id]++;
                    added++;
                    break;
                }
            }
        }
    }

    private void addDifferentPairs(List<Integer> pool, int count, Random random, Set<UnorderedPair> used, List<ImagePair> out) {
        int added = 0;
        while (added < count) {
            int idA = pool.get(random.nextInt(pool.size()));
            int idB = pool.get(random.nextInt(pool.size()));
            if (idA == idB) continue;
            int a = random.nextInt(imageCounts[idA]);
            int b = random.nextInt(imageCounts[idB]);
            if (used.add(key(idA, a, idB, b))) {
                out.add(new ImagePair(idA, a, idB, b, false));
                added++;
            }
        }
    }

    /** Exact key of an unordered image pair (lower image key first). */
    private record UnorderedPair(long first, long second) {}

    private static UnorderedPair key(int idA, int indexA, int idB, int indexB) {
        long a = imageKey(idA, indexA);
        long b = imageKey(idB, indexB);
        return a <= b ? new UnorderedPair(a, b) : new UnorderedPair(b, a);
    }

    private static long imageKey(int identity, int index) {
        return ((long) identity << 32) | (index & 0xffffffffL);
    }
}
