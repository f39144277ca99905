package org.protoface.data.loader;

import org.protoface.data.LookalikeSource;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * Fills each batch with P identities x K images. Identities are drawn without replacement through
 * an epoch (a seeded permutation of all identities, recomputed from (seed, epoch) rather than
 * stored, so resuming needs only the epoch and cursor). Images of an identity are drawn without
 * replacement when it has at least K of them and reused otherwise. Optionally a fraction of the
 * identities comes from lookalike groups (an identity from the epoch order plus its doppelgangers).
 *
 * <p>With lookalikes, a batch depends on the lookalike lists at the moment it is drawn, so the
 * loader draws on the training thread at fixed points ({@link BatchLoader}) and a checkpoint
 * keeps the batches already drawn for the steps after it ({@link #checkpointState}): a restored
 * sampler hands those out again before drawing new ones.
 */
public final class IdentityBatchSampler {
    private final int identityCount;
    private final IntUnaryOperator imageCount;
    private final int identitiesPerBatch;
    private final int imagesPerIdentity;
    private final long seed;
    private double lookalikeFraction;
    private LookalikeSource lookalikes;

    private long epoch;
    private int cursor;
    private long step;
    private int[] permutation;
    /** Batches drawn before a checkpoint for the steps after it, handed out again after {@link #restore}. */
    private final ArrayDeque<Batch> replay = new ArrayDeque<>();

    /**
     * @param identityCount     identities (classes) of the dataset, labelled 0..identityCount-1
     * @param imageCount        images of an identity, by label; must be at least 1 for every identity drawn
     * @param batchSize         images per batch (with several ranks, the global batch)
     * @param imagesPerIdentity K, images of each identity in a batch
     * @param seed              seeds the epoch permutations and the image choices
     * @throws IllegalArgumentException when K is below 1, the batch size is not a multiple of K, or
     *                                  the batch needs more identities than the dataset has
     */
    public IdentityBatchSampler(int identityCount, IntUnaryOperator imageCount, int batchSize, int imagesPerIdentity, long seed) {
        if (imagesPerIdentity < 1) throw new IllegalArgumentException("images_per_identity must be >= 1, got " + imagesPerIdentity);
        if (batchSize % imagesPerIdentity != 0) {
            throw new IllegalArgumentException("batch size " + batchSize + " is not a multiple of images_per_identity " + imagesPerIdentity);
        }
        int p = batchSize / imagesPerIdentity;
        if (p > identityCount) {
            throw new IllegalArgumentException("a batch needs " + p + " identities but the dataset has only " + identityCount);
        }
        this.identityCount = identityCount;
        this.imageCount = imageCount;
        this.identitiesPerBatch = p;
        this.imagesPerIdentity = imagesPerIdentity;
        this.seed = seed;
    }

    /** Builds {@code fraction} of each batch's identities from lookalike groups of {@code source}. */
    public void useLookalikes(LookalikeSource source, double fraction) {
        if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("doppelganger fraction must be in [0, 1], got " + fraction);
        this.lookalikes = source;
        this.lookalikeFraction = fraction;
    }

    /** The next batch: a replayed one after {@link #restore} while any is left, else a new draw. */
    public Batch next() {
        if (!replay.isEmpty()) return replay.poll();
        int[] chosen = new int[identitiesPerBatch];
        int n = 0;
        int lookalikeBudget = lookalikes == null ? 0 : (int) Math.round(lookalikeFraction * identitiesPerBatch);
        int fromLookalikes = 0;
        while (n < identitiesPerBatch) {
            int id = nextFromEpoch();
            if (contains(chosen, n, id)) continue;
            chosen[n++] = id;
            if (fromLookalikes < lookalikeBudget) {
                for (int other : lookalikes.lookalikes(id)) {
                    if (n >= identitiesPerBatch || fromLookalikes >= lookalikeBudget) break;
                    if (other < 0 || other >= identityCount || contains(chosen, n, other)) continue;
                    chosen[n++] = other;
                    fromLookalikes++;
                }
            }
        }
        int b = identitiesPerBatch * imagesPerIdentity;
        int[] ids = new int[b];
        int[] idx = new int[b];
        int reused = 0;
        for (int i = 0; i < identitiesPerBatch; i++) {
            int id = chosen[i];
            SplittableRandom rng = new SplittableRandom(mix(seed, step, id));
            reused += pickImages(imageCount.applyAsInt(id), rng, idx, i * imagesPerIdentity);
            Arrays.fill(ids, i * imagesPerIdentity, (i + 1) * imagesPerIdentity, id);
        }
        return new Batch(step++, ids, idx, reused, fromLookalikes);
    }

    /** Writes K image indices of an identity with {@code count} images; returns how many repeat. */
    private int pickImages(int count, SplittableRandom rng, int[] out, int offset) {
        if (count <= 0) throw new IllegalStateException("identity has no images");
        int k = imagesPerIdentity;
        if (count >= k) {
            // Floyd's algorithm: k distinct values from [0, count) without materialising the range
            int filled = 0;
            for (int j = count - k; j < count; j++) {
                int t = rng.nextInt(j + 1);
                boolean taken = contains(out, offset, filled, t);
                out[offset + filled] = taken ? j : t;
                filled++;
            }
            return 0;
        }
        for (int j = 0; j < k; j++) out[offset + j] = j < count ? j : rng.nextInt(count);
        return k - count;
    }

    private int nextFromEpoch() {
        if (permutation == null) permutation = permutation(epoch);
        if (cursor >= identityCount) {
            epoch++;
            cursor = 0;
            permutation = permutation(epoch);
        }
        return permutation[cursor++];
    }

    private int[] permutation(long e) {
        int[] p = new int[identityCount];
        for (int i = 0; i < p.length; i++) p[i] = i;
        SplittableRandom rng = new SplittableRandom(mix(seed, -1 - e, 0x5eed));
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Position after the last drawn batch: {epoch, cursor, step}. */
    public long[] state() {
        return new long[] {epoch, cursor, step};
    }

    /**
     * What a checkpoint stores: the position ({@link #state}) followed by {@code drawnAhead}, the
     * batches already drawn but not yet trained on, oldest first: their count, then for each its
     * step, reused images, lookalike identities, size B, B identities and B image indices.
     */
    public long[] checkpointState(Collection<Batch> drawnAhead) {
        int length = 4;
        for (Batch b : drawnAhead) length += 4 + 2 * b.size();
        long[] out = new long[length];
        out[0] = epoch;
        out[1] = cursor;
        out[2] = step;
        out[3] = drawnAhead.size();
        int at = 4;
        for (Batch b : drawnAhead) {
            out[at++] = b.step();
            out[at++] = b.reusedImages();
            out[at++] = b.lookalikeIdentities();
            out[at++] = b.size();
            for (int id : b.identities()) out[at++] = id;
            for (int i : b.indices()) out[at++] = i;
        }
        return out;
    }

    /**
     * Restores {@link #state} (3 values) or {@link #checkpointState}; the batches drawn ahead are
     * handed out by {@link #next} before new draws.
     *
     * @throws IllegalArgumentException when the values do not have either form, naming what is wrong
     */
    public void restore(long[] state) {
        if (state.length != 3 && (state.length < 4 || state[3] < 0)) {
            throw new IllegalArgumentException("sampler state must hold epoch, cursor, step and the batches drawn ahead; got "
                    + state.length + " values");
        }
        List<Batch> ahead = new ArrayList<>();
        int at = 4;
        for (long i = 0; state.length > 3 && i < state[3]; i++) {
            if (at + 4 > state.length || state[at + 3] != (long) identitiesPerBatch * imagesPerIdentity
                    || at + 4 + 2 * state[at + 3] > state.length) {
                throw new IllegalArgumentException("sampler state: batch " + i + " drawn ahead is truncated or not of "
                        + identitiesPerBatch * imagesPerIdentity + " images");
            }
            int b = (int) state[at + 3];
            int[] ids = new int[b], idx = new int[b];
            for (int j = 0; j < b; j++) {
                ids[j] = Math.toIntExact(state[at + 4 + j]);
                idx[j] = Math.toIntExact(state[at + 4 + b + j]);
            }
            ahead.add(new Batch(state[at], ids, idx, (int) state[at + 1], (int) state[at + 2]));
            at += 4 + 2 * b;
        }
        if (at < state.length && state.length > 3) {
            throw new IllegalArgumentException("sampler state has " + (state.length - at) + " values after its batches");
        }
        if (state[0] != epoch || permutation == null) permutation = permutation(state[0]);
        epoch = state[0];
        cursor = (int) state[1];
        step = state[2];
        replay.clear();
        replay.addAll(ahead);
    }

    /** Whether batches restored from a checkpoint are still to be handed out. */
    public boolean replaying() {
        return !replay.isEmpty();
    }

    /**
     * The 0-based epoch the last identity drawn came from. It advances only when an identity of the
     * next epoch is drawn, not when an epoch's last identity is; with a {@link BatchLoader} it is
     * ahead of training by the batches drawn ahead.
     */
    public long epoch() {
        return epoch;
    }

    /** P, identities per batch: batch size / K (of the global batch when ranks share it). */
    public int identitiesPerBatch() {
        return identitiesPerBatch;
    }

    /** K, images of each identity in a batch ({@code batch.images_per_identity}). */
    public int imagesPerIdentity() {
        return imagesPerIdentity;
    }

    private static boolean contains(int[] a, int n, int v) {
        return contains(a, 0, n, v);
    }

    private static boolean contains(int[] a, int from, int n, int v) {
        for (int i = from; i < from + n; i++) if (a[i] == v) return true;
        return false;
    }

    /** A 64-bit mix of three values (splitmix64 finaliser), so nearby inputs give unrelated seeds. */
    public static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L + c;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
