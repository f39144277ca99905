package org.protoface.data.loader;

import org.protoface.data.DataLoadingException;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;
import org.protoface.data.augment.AugmentConfig;

import org.protoface.data.augment.Augmenter;
import org.protoface.util.ThreadNice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepares batches ahead of the training step: a producer thread draws batches from the sampler
 * in order, a pool of workers decodes and augments their images in parallel, and finished batches
 * wait in a bounded queue. Each image is augmented right after decoding ({@link Augmenter}).
 *
 * <p>Bad data, from least to most serious: a record that fails to decode is counted, logged with
 * its key, and replaced by another image of the same identity, so the batch keeps its P x K
 * structure. An identity none of whose images decodes is dropped: a warning names its label and
 * record keys, its places in the batch go to another identity (chosen by a seeded sequence of
 * (seed, step, slot), so a resumed run makes the same choice), and it is replaced the same way
 * whenever the sampler draws it again. Only when no usable identity can be found does the loader
 * stop, with a {@link DataLoadingException} naming the dataset.
 *
 * <p>The counters ({@link #corruptRecords()}, {@link #droppedIdentities()}) cover the batches
 * handed out by {@link #next()}, not those still waiting in the prefetch queue.
 *
 * <p>Batches are drawn from the sampler on the caller's thread, never on the producer's: prefetch + 1
 * when the loader opens and one more in each {@link #next()}, before the step that batch is for
 * runs. A sampler that reads the head's lookalike lists (doppelganger mining) therefore sees them
 * as they were after step s - prefetch - 2 for the batch of step s, whatever the threads' timing;
 * drawing on the producer thread made the batches depend on how far ahead it happened to be (and
 * read the lists while the training thread rewrote them). Each batch handed out carries the
 * sampler's {@link IdentityBatchSampler#checkpointState checkpoint state} with the batches
 * already drawn after it, so a resumed run trains on exactly the batches an uninterrupted one would.
 */
public final class BatchLoader implements BatchSource, AutoCloseable {
    /**
     * The loader's threads run at the lowest CPU priority (nice +19): where they share a core with
     * the training step they decode in the time the step waits (for a batch, for other ranks in a
     * collective) instead of delaying it. Measured here (2 cores, cpu preset, bf16,
     * {@code bench scaling --repeats 3} on a temporary build that switched the priority by an
     * environment variable): two ranks pinned one per core, scaling efficiency 0.839 at
     * normal priority, 0.860 at nice 19 (median of 3 each); one process with two threads, the same
     * images/s (1,388 against 1,365 and 1,209 against 1,198, alternated).
     */
    static final int LOADER_NICE = ThreadNice.LOWEST;

    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);
    private static final LoadedBatch END = new LoadedBatch(null, null, 0, null, 0, 0);
    /** Replacement identities tried for one dropped identity before the loader gives up. */
    private static final int REPLACEMENT_ATTEMPTS = 64;

    private final FaceDataset dataset;
    private final IdentityBatchSampler sampler;
    private final long[] startState;
    private final Augmenter augmenter;
    private final long seed;
    private final ExecutorService workers;
    private final int workerCount;
    private final BlockingQueue<Object> queue;
    /** Batches drawn ahead, oldest first; only the caller's thread touches it. */
    private final ArrayDeque<Batch> drawnAhead = new ArrayDeque<>();
    private final int drawAhead;
    /** Drawn batches for the producer to load, in order. */
    private final BlockingQueue<Batch> toLoad = new LinkedBlockingQueue<>();
    private final Thread producer;
    private final int rank;
    private final int worldSize;
    private final AtomicLong corruptTotal = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    /** Identities known to have no decodable image; only the producer thread writes it. */
    private final Set<Integer> dropped = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * A loader for one process (rank 0 of a world of 1): every batch the sampler draws is loaded whole.
     *
     * @param seed     seeds the augmentation and the choice of replacement identities
     * @param workers  decoding and augmentation threads (at least 1 is used)
     * @param prefetch finished batches waiting in the queue (at least 1)
     */
    public BatchLoader(FaceDataset dataset, IdentityBatchSampler sampler, AugmentConfig augment, long seed,
                       int workers, int prefetch) {
        this(dataset, sampler, augment, seed, workers, prefetch, 0, 1);
    }

    /**
     * A loader of rank {@code rank}'s slice of each global batch.
     *
     * @param sampler draws global batches (world x B images, B a multiple of images_per_identity)
     * @throws IllegalArgumentException when the sampler's batch does not split into whole identities per rank
     */
    public BatchLoader(FaceDataset dataset, IdentityBatchSampler sampler, AugmentConfig augment, long seed,
                       int workers, int prefetch, int rank, int worldSize) {
        int global = sampler.identitiesPerBatch() * sampler.imagesPerIdentity();
        if (worldSize < 1 || rank < 0 || rank >= worldSize) throw new IllegalArgumentException("rank " + rank + " is not in a world of " + worldSize);
        if (sampler.identitiesPerBatch() % worldSize != 0) {
            throw new IllegalArgumentException("a batch of " + global + " images (" + sampler.identitiesPerBatch() + " identities x "
                    + sampler.imagesPerIdentity() + ") cannot be split over " + worldSize + " ranks in whole identities");
        }
        this.rank = rank;
        this.worldSize = worldSize;
        this.dataset = dataset;
        this.sampler = sampler;
        // one batch being loaded plus a full queue; batches restored from a checkpoint all come first
        this.drawAhead = Math.max(1, prefetch) + 1;
        while (drawnAhead.size() < drawAhead || sampler.replaying()) draw();
        this.startState = sampler.checkpointState(drawnAhead);
        this.augmenter = new Augmenter(augment);
        this.seed = seed;
        this.workerCount = Math.max(1, workers);
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(() -> {
                ThreadNice.lowerCurrentThread(LOADER_NICE);
                r.run();
            }, "loader-worker");
            t.setDaemon(true);
            return t;
        });
        this.queue = new ArrayBlockingQueue<>(Math.max(1, prefetch));
        this.producer = new Thread(() -> {
            ThreadNice.lowerCurrentThread(LOADER_NICE);
            produce();
        }, "loader-producer");
        this.producer.setDaemon(true);
        this.producer.start();
    }

    @Override
    public long[] startState() {
        return startState.clone();
    }

    /**
     * The next batch, in sampler order.
     *
     * @throws DataLoadingException when the data cannot fill a batch (its message names the dataset)
     */
    @Override
    public LoadedBatch next() throws InterruptedException {
        Object o = queue.take();
        if (o instanceof DataLoadingException e) throw new DataLoadingException(e.getMessage(), e);
        if (o instanceof RuntimeException e) throw new IllegalStateException("data loader failed: " + e.getMessage(), e);
        if (o == END) throw new IllegalStateException("data loader is closed");
        LoadedBatch batch = (LoadedBatch) o;
        corruptTotal.addAndGet(batch.skippedCorrupt());
        droppedTotal.addAndGet(batch.droppedIdentities());
        Batch handedOut = drawnAhead.poll();
        if (handedOut == null || handedOut.step() != batch.batch().step()) {
            throw new IllegalStateException("data loader out of order: loaded the batch of step " + batch.batch().step()
                    + " but expected " + (handedOut == null ? "none" : handedOut.step()));
        }
        if (drawnAhead.size() < drawAhead) draw();
        return new LoadedBatch(batch.batch(), batch.images(), batch.imageSize(), sampler.checkpointState(drawnAhead),
                batch.skippedCorrupt(), batch.droppedIdentities());
    }

    /** Draws the next batch on the caller's thread and hands it to the producer. */
    private void draw() {
        Batch b = sampler.next();
        drawnAhead.add(b);
        toLoad.add(b);
    }

    /** Images that failed to decode in the batches returned so far (each failed read counted once). */
    public long corruptRecords() {
        return corruptTotal.get();
    }

    /** Identities dropped (no decodable image) while loading the batches returned so far. */
    public long droppedIdentities() {
        return droppedTotal.get();
    }

    /** The counters as {@code metrics.jsonl} fields: corrupt_records, dropped_identities. */
    @Override
    public Map<String, Object> counters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corrupt_records", corruptRecords());
        m.put("dropped_identities", droppedIdentities());
        return m;
    }

    private void produce() {
        try {
            while (!closed) queue.put(load(toLoad.take()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                queue.put(e);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Decodes and augments this rank's slice [first, last) of the drawn global batch {@code b}:
     * image i of the slice goes to position i - first, with the augmentation of global position i;
     * its sampler state is set when {@link #next} hands it out.
     */
    private LoadedBatch load(Batch b) throws InterruptedException {
        int s = dataset.imageSize();
        int per = 3 * s * s;
        int first = rank * (b.size() / worldSize), last = first + b.size() / worldSize;
        float[] images = new float[(last - first) * per];
        AtomicInteger skipped = new AtomicInteger();
        boolean[] failed = new boolean[b.size()];
        int chunk = (last - first + workerCount - 1) / workerCount;
        List<Future<?>> parts = new ArrayList<>();
        for (int from = first; from < last; from += chunk) {
            int lo = from, hi = Math.min(last, from + chunk);
            parts.add(workers.submit(() -> {
                Augmenter.Workspace ws = augmenter.workspace(s);
                for (int i = lo; i < hi; i++) {
                    int id = b.identities()[i];
                    int n = dropped.contains(id) ? -1 : loadOne(id, b.indices()[i], images, (i - first) * per);
                    if (n < 0) {
                        failed[i] = true;
                        continue;
                    }
                    skipped.addAndGet(n);
                    augmenter.apply(images, (i - first) * per, IdentityBatchSampler.mix(seed, b.step(), i), ws);
                }
                return null;
            }));
        }
        waitFor(parts);
        int droppedBefore = dropped.size();
        Batch loaded = b;
        for (int i = first; i < last; i++) {
            if (!failed[i]) continue;
            int end = i;
            while (end < last && loaded.identities()[end] == loaded.identities()[i]) end++;
            // the identity's images all failed to decode: they are corrupt records too (README), counted once
            if (drop(loaded.identities()[i])) skipped.addAndGet(dataset.imageCount(loaded.identities()[i]));
            loaded = replace(loaded, i, end, images, per, skipped, first);
            i = end - 1;
        }
        Batch mine = worldSize == 1 ? loaded : loaded.slice(first, last);
        return new LoadedBatch(mine, images, s, null, skipped.get(), dropped.size() - droppedBefore);
    }

    private static void waitFor(List<Future<?>> parts) throws InterruptedException {
        for (Future<?> f : parts) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
            }
        }
    }

    /**
     * Loads image {@code first} of identity {@code id}, stepping to the identity's next image while
     * records are corrupt; returns how many were skipped, or -1 when none decodes.
     */
    private int loadOne(int id, int first, float[] dst, int offset) {
        int count = dataset.imageCount(id);
        for (int attempt = 0; attempt < count; attempt++) {
            int index = (first + attempt) % count;
            try {
                dataset.load(id, index, dst, offset);
                return attempt;
            } catch (CorruptRecordException e) {
                LOG.warn("skipping corrupt image {} of identity {}: {}", dataset.imageSource(id, index),
                        dataset.identityLabel(id), e.getMessage());
            }
        }
        return -1;
    }

    /**
     * Records that {@code id} has no decodable image and says so once, naming its label and records.
     *
     * @return true when {@code id} was not known as dropped before (its images are then counted as corrupt)
     */
    private boolean drop(int id) {
        if (!dropped.add(id)) return false;
        int count = dataset.imageCount(id);
        StringBuilder keys = new StringBuilder();
        for (int j = 0; j < Math.min(count, 5); j++) keys.append(j == 0 ? "" : ", ").append(dataset.imageSource(id, j));
        if (count > 5) keys.append(", ... (").append(count).append(" images)");
        LOG.warn("dropping identity with label {}: none of its {} images decodes ({}); its places in batches go to other "
                + "identities (counted as dropped_identities in metrics.jsonl, its images as corrupt_records)",
                dataset.identityLabel(id), count, keys);
        return true;
    }

    /**
     * Gives slots [from, to) of the batch (one identity's K places) to another identity not in the
     * batch: candidates come from a seeded sequence of (seed, step, slot), so the choice does not
     * depend on which identities happen to be known as dropped already.
     */
    private Batch replace(Batch b, int from, int to, float[] images, int per, AtomicInteger skipped, int first) {
        int n = dataset.identityCount();
        for (int attempt = 0; attempt < REPLACEMENT_ATTEMPTS; attempt++) {
            long h = IdentityBatchSampler.mix(seed ^ 0x6a09e667f3bcc909L, b.step(), (long) from * REPLACEMENT_ATTEMPTS + attempt);
            int candidate = (int) Math.floorMod(h, (long) n);
            if (dropped.contains(candidate) || contains(b.identities(), candidate)) continue;
            int count = dataset.imageCount(candidate);
            int[] ids = b.identities().clone();
            int[] idx = b.indices().clone();
            boolean ok = true;
            int skippedHere = 0;
            for (int i = from; i < to && ok; i++) {
                int index = (int) Math.floorMod(h + i - from, (long) count);
                int got = loadOne(candidate, index, images, (i - first) * per);
                ok = got >= 0;
                skippedHere += Math.max(0, got);
                ids[i] = candidate;
                idx[i] = index;
            }
            if (!ok) {
                if (drop(candidate)) skipped.addAndGet(count);
                continue;
            }
            skipped.addAndGet(skippedHere);
            Augmenter.Workspace ws = augmenter.workspace(dataset.imageSize());
            for (int i = from; i < to; i++) augmenter.apply(images, (i - first) * per, IdentityBatchSampler.mix(seed, b.step(), i), ws);
            return new Batch(b.step(), ids, idx, b.reusedImages(), b.lookalikeIdentities());
        }
        throw new DataLoadingException("cannot fill the batch of step " + b.step() + ": " + dropped.size() + " of " + n
                + " identities have no decodable image and " + REPLACEMENT_ATTEMPTS + " replacements for identity "
                + dataset.identityLabel(b.identities()[from]) + " failed; check the images of " + dataset.describe());
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    @Override
    public void close() {
        closed = true;
        producer.interrupt();
        workers.shutdownNow();
        queue.clear();
    }
}
