package org.protoface.data.loader;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;
import org.protoface.data.augment.AugmentConfig;

import org.protoface.data.augment.Augmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares batches ahead of the training step: a producer thread draws batches from the sampler
 * in order, a pool of workers decodes and augments their images in parallel, and finished batches
 * wait in a bounded queue. Each image is augmented right after decoding ({@link Augmenter}). A
 * record that fails to decode is counted, logged with its key, and replaced by another image of
 * the same identity, so the batch keeps its P x K structure.
 */
public final class BatchLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);
    private static final LoadedBatch END = new LoadedBatch(null, null, 0, null, 0);

    private final FaceDataset dataset;
    private final IdentityBatchSampler sampler;
    private final Augmenter augmenter;
    private final long seed;
    private final ExecutorService workers;
    private final int workerCount;
    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private final AtomicLong corruptTotal = new AtomicLong();
    private volatile boolean closed;

    public BatchLoader(FaceDataset dataset, IdentityBatchSampler sampler, AugmentConfig augment, long seed,
                       int workers, int prefetch) {
        this.dataset = dataset;
        this.sampler = sampler;
        this.augmenter = new Augmenter(augment);
        this.seed = seed;
        this.workerCount = Math.max(1, workers);
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "loader-worker");
            t.setDaemon(true);
            return t;
        });
        this.queue = new ArrayBlockingQueue<>(Math.max(1, prefetch));
        this.producer = new Thread(this::produce, "loader-producer");
        this.producer.setDaemon(true);
        this.producer.start();
    }

    /** The next batch, in sampler order; rethrows a loader failure. */
    public LoadedBatch next() throws InterruptedException {
        Object o = queue.take();
        if (o instanceof RuntimeException e) throw new IllegalStateException("data loader failed: " + e.getMessage(), e);
        if (o == END) throw new IllegalStateException("data loader is closed");
        return (LoadedBatch) o;
    }

    public long corruptRecords() {
        return corruptTotal.get();
    }

    private void produce() {
        try {
            while (!closed) {
                Batch b = sampler.next();
                long[] state = sampler.state();
                queue.put(load(b, state));
            }
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

    private LoadedBatch load(Batch b, long[] state) throws InterruptedException {
        int s = dataset.imageSize();
        int per = 3 * s * s;
        float[] images = new float[b.size() * per];
        AtomicInteger skipped = new AtomicInteger();
        int chunk = (b.size() + workerCount - 1) / workerCount;
        List<Future<?>> parts = new ArrayList<>();
        for (int from = 0; from < b.size(); from += chunk) {
            int lo = from, hi = Math.min(b.size(), from + chunk);
            parts.add(workers.submit(() -> {
                Augmenter.Workspace ws = augmenter.workspace(s);
                for (int i = lo; i < hi; i++) {
                    skipped.addAndGet(loadOne(b, i, images, i * per));
                    // seeded by (seed, step, sample) only, so a resumed run augments identically
                    augmenter.apply(images, i * per, IdentityBatchSampler.mix(seed, b.step(), i), ws);
                }
                return null;
            }));
        }
        for (Future<?> f : parts) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
            }
        }
        corruptTotal.addAndGet(skipped.get());
        return new LoadedBatch(b, images, s, state, skipped.get());
    }

    /** Loads sample i, stepping to the identity's next image while records are corrupt. */
    private int loadOne(Batch b, int i, float[] dst, int offset) {
        int id = b.identities()[i];
        int count = dataset.imageCount(id);
        int skipped = 0;
        for (int attempt = 0; attempt < count; attempt++) {
            int index = (b.indices()[i] + attempt) % count;
            try {
                dataset.load(id, index, dst, offset);
                return skipped;
            } catch (CorruptRecordException e) {
                skipped++;
                LOG.warn("skipping corrupt image (identity {}, image {}): {}", id, index, e.getMessage());
            }
        }
        throw new IllegalStateException("every image of identity " + id + " is corrupt (" + count + " images)");
    }

    @Override
    public void close() {
        closed = true;
        producer.interrupt();
        workers.shutdownNow();
        queue.clear();
    }
}
