package org.protoface.lab.gallery;

import org.protoface.data.synthetic.SyntheticDataset;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.gallery.ExactIndex;
import org.protoface.pipeline.gallery.FaceHit;
import org.protoface.pipeline.gallery.Gallery;
import org.protoface.pipeline.gallery.GalleryFace;
import org.protoface.pipeline.gallery.GalleryModel;
import org.protoface.pipeline.gallery.HnswSettings;
import org.protoface.pipeline.gallery.IdentityMatch;
import org.protoface.util.Folders;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;

/**
 * The gallery on held-out synthetic identities, embedded by a trained model:
 * <ol>
 *   <li><b>identification</b>: enrol {@code identities} identities x {@code enrolImages} photos
 *       (aligned from their known landmarks), identify {@code probeImages} other photos of each;
 *       top-1 accuracy of the approximate (HNSW) and exact search, how often they agree, and the
 *       same with unaligned crops; mean cosine between photos of one identity and of different
 *       identities, aligned and unaligned;</li>
 *   <li><b>scale</b>: {@code vectors} stored faces (unaligned 32 px crops of other held-out
 *       identities, 5 per identity, no flip test), {@code queries} probes; recall@10 of the
 *       approximate search against exact for several candidate counts, and query latency.</li>
 * </ol>
 */
public final class GalleryBenchmark {
    /** Held-out identity numbers start here (training uses numbers below 2^30). */
    static final long HELD_OUT = 1L << 30;
    /** The scale part's identities come after the identification part's. */
    static final long SCALE_OFFSET = HELD_OUT + 1_000_000L;

    /**
     * @param seed        synthetic world seed (the cpu preset trains on seed 7)
     * @param renderSize  side of the rendered photos the identification part aligns from
     * @param candidates  candidate counts (Lucene's k) to measure recall at
     */
    public record Settings(int identities, int enrolImages, int probeImages, int vectors, int queries, long seed, int renderSize,
                           HnswSettings hnsw, int[] candidates, int threads, Path work) {}

    /**
     * Identification part: top-1 accuracy (fractions in [0, 1]) of approximate (HNSW) and exact search, how often
     * they agree, exact top-1 on unaligned crops, and mean genuine / impostor cosines and their gap, aligned and
     * unaligned, for {@code identities} identities with {@code enrolled} enrolled and {@code probes} probe photos.
     */
    public record Identification(int identities, int enrolled, int probes, boolean flipTest, double top1Approximate, double top1Exact,
                                 double approximateAgreesWithExact, double top1ExactUnaligned, double genuineCosineAligned,
                                 double genuineCosineUnaligned, double impostorCosineAligned, double impostorCosineUnaligned,
                                 double galleryGapAligned, double galleryGapUnaligned) {}

    /**
     * Recall@10 of the approximate search against exact search with {@code candidates} HNSW candidates, and query
     * latency in milliseconds (median, 95th percentile, mean).
     */
    public record RecallPoint(int candidates, double recallAt10, double medianMs, double p95Ms, double meanMs) {}

    /**
     * Scale part: {@code vectors} stored faces and {@code queries} probes; embedding and indexing time in seconds,
     * index size in bytes, HNSW M and beam width, recall/latency per candidate count, and exact search in
     * milliseconds per query (one at a time and batched).
     */
    public record Scale(int vectors, int queries, int segments, double embedSeconds, double indexSeconds, long indexBytes, int hnswM, int hnswBeam,
                        List<RecallPoint> approximate, double exactMsPerQuery, double exactMsPerQueryBatched) {}

    /**
     * The whole benchmark: the model's description and fingerprint, each part (null when its count was 0), and a
     * note on the data and timings.
     */
    public record Result(String model, String fingerprint, Identification identification, Scale scale, String note) {}

    private GalleryBenchmark() {}

    /**
     * Runs the identification part (when {@code s.identities() > 0}) and the scale part (when
     * {@code s.vectors() > 0}) on {@code s.threads()} threads, logging progress to {@code log}.
     *
     * @throws Exception if rendering, embedding or the Lucene index fails
     */
    public static Result run(EmbeddingModel model, Settings s, PrintStream log) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, s.threads()));
        try {
            Identification id = s.identities() > 0 ? identification(model, s, pool, log) : null;
            Scale sc = s.vectors() > 0 ? scale(model, s, pool, log) : null;
            return new Result(model.describe(), model.fingerprint(), id, sc,
                    "synthetic held-out identities (seed " + s.seed() + ", identity numbers from 2^30); machine load affects the timings");
        } finally {
            pool.shutdown();
        }
    }

    static Identification identification(EmbeddingModel model, Settings s, ForkJoinPool pool, PrintStream log) throws Exception {
        int n = s.identities(), per = s.enrolImages() + s.probeImages();
        SyntheticDataset data = new SyntheticDataset(new SyntheticSpec(n, per, s.renderSize(), s.seed(), HELD_OUT, 1.0));
        List<int[]> photos = new ArrayList<>();
        for (int i = 0; i < n; i++) for (int j = 0; j < per; j++) photos.add(new int[] {i, j});
        log.printf(Locale.ROOT, "identification: embedding %d photos (%d identities x %d), aligned and unaligned...%n", photos.size(), n, per);
        float[][] aligned = SyntheticCrops.embed(data, photos, true, model, true, pool);
        float[][] unaligned = SyntheticCrops.embed(data, photos, false, model, true, pool);

        Path dir = s.work().resolve("identification-gallery");
        Folders.deleteTree(dir);
        double approxHits = 0, exactHits = 0, agree = 0, unalignedHits;
        int probes = n * s.probeImages();
        try (Gallery g = Gallery.openForWriting(dir, GalleryModel.of(model, null, true), s.hnsw())) {
            for (int i = 0; i < n; i++) {
                List<GalleryFace> faces = new ArrayList<>();
                for (int j = 0; j < s.enrolImages(); j++) faces.add(new GalleryFace(i + "/" + j, aligned[i * per + j]));
                g.add(name(i), faces);
            }
            g.commit();
            float[][] queries = probes(aligned, n, per, s.enrolImages());
            try (ExactIndex exact = g.exactIndex()) {
                List<List<IdentityMatch>> exactTop = exact.identify(queries, 1);
                for (int q = 0; q < queries.length; q++) {
                    String truth = name(q / s.probeImages());
                    String a = g.identify(queries[q], 1, 100).get(0).identity(), e = exactTop.get(q).get(0).identity();
                    if (a.equals(truth)) approxHits++;
                    if (e.equals(truth)) exactHits++;
                    if (a.equals(e)) agree++;
                }
            }
        }
        unalignedHits = exactTop1(unaligned, n, per, s.enrolImages());
        double[] ga = cosines(aligned, n, per), gu = cosines(unaligned, n, per);
        return new Identification(n, s.enrolImages(), probes, true, approxHits / probes, exactHits / probes, agree / probes, unalignedHits / probes,
                ga[0], gu[0], ga[1], gu[1], ga[0] - ga[1], gu[0] - gu[1]);
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "id%05d", i);
    }

    private static float[][] probes(float[][] e, int n, int per, int enrol) {
        List<float[]> q = new ArrayList<>();
        for (int i = 0; i < n; i++) for (int j = enrol; j < per; j++) q.add(e[i * per + j]);
        return q.toArray(float[][]::new);
    }

    /** Top-1 hits of exact identification with an in-memory index (no Lucene). */
    private static double exactTop1(float[][] e, int n, int per, int enrol) {
        int d = e[0].length;
        float[] flat = new float[n * enrol * d];
        String[] ids = new String[n * enrol], src = new String[n * enrol];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < enrol; j++) {
                System.arraycopy(e[i * per + j], 0, flat, (i * enrol + j) * d, d);
                ids[i * enrol + j] = name(i);
                src[i * enrol + j] = i + "/" + j;
            }
        }
        float[][] queries = probes(e, n, per, enrol);
        int probesPer = per - enrol;
        double hits = 0;
        try (ExactIndex index = new ExactIndex(flat, d, ids, src)) {
            List<List<IdentityMatch>> top = index.identify(queries, 1);
            for (int q = 0; q < queries.length; q++) if (top.get(q).get(0).identity().equals(name(q / probesPer))) hits++;
        }
        return hits;
    }

    /** {mean cosine over all pairs of photos of one identity, mean cosine between photos of different identities}. */
    static double[] cosines(float[][] e, int n, int per) {
        double same = 0, diff = 0;
        long sameN = 0, diffN = 0;
        for (int a = 0; a < e.length; a++) {
            for (int b = a + 1; b < e.length; b++) {
                double c = dot(e[a], e[b]);
                if (a / per == b / per) {
                    same += c;
                    sameN++;
                } else if (a % per == b % per) { // one pair per (identity pair, sample index): keeps it O(n^2 per)
                    diff += c;
                    diffN++;
                }
            }
        }
        return new double[] {same / sameN, diff / diffN};
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    static Scale scale(EmbeddingModel model, Settings s, ForkJoinPool pool, PrintStream log) throws Exception {
        int perId = 5, ids = (s.vectors() + perId - 1) / perId;
        if (s.queries() > ids) throw new IllegalArgumentException("--queries " + s.queries() + " exceeds the " + ids + " identities stored");
        SyntheticDataset data = new SyntheticDataset(new SyntheticSpec(ids, perId + 1, model.input().size(), s.seed(), SCALE_OFFSET, 1.0));
        List<int[]> photos = new ArrayList<>();
        for (int i = 0; photos.size() < s.vectors(); i++) for (int j = 0; j < perId && photos.size() < s.vectors(); j++) photos.add(new int[] {i, j});
        List<int[]> queryPhotos = new ArrayList<>();
        for (int i = 0; i < s.queries(); i++) queryPhotos.add(new int[] {(int) ((long) i * ids / s.queries()), perId});
        log.printf(Locale.ROOT, "scale: embedding %d stored faces and %d queries (%d px, no flip test)...%n", photos.size(), queryPhotos.size(),
                model.input().size());
        long t0 = System.nanoTime();
        float[][] stored = SyntheticCrops.embed(data, photos, false, model, false, pool);
        float[][] queries = SyntheticCrops.embed(data, queryPhotos, false, model, false, pool);
        double embedSeconds = (System.nanoTime() - t0) / 1e9;

        Path dir = s.work().resolve("scale-gallery");
        Folders.deleteTree(dir);
        log.printf(Locale.ROOT, "scale: indexing %d vectors (HNSW M %d, beam %d)...%n", stored.length, s.hnsw().maxConn(), s.hnsw().beamWidth());
        long t1 = System.nanoTime();
        try (Gallery g = Gallery.openForWriting(dir, GalleryModel.of(model, null, false), s.hnsw())) {
            g.setBulkBuffer(1024);
            for (int from = 0; from < stored.length; from += perId) {
                List<GalleryFace> faces = new ArrayList<>();
                for (int r = from; r < Math.min(stored.length, from + perId); r++) faces.add(new GalleryFace(Integer.toString(r), stored[r]));
                g.add(name(from / perId), faces);
            }
            g.commit();
            double indexSeconds = (System.nanoTime() - t1) / 1e9;
            long bytes = folderBytes(dir);
            try (ExactIndex exact = g.exactIndex()) {
                List<List<FaceHit>> truth = exact.nearestFaces(queries, 10);
                long e0 = System.nanoTime(); // timed on the second pass, after libtorch's first-call set-up
                exact.nearestFaces(queries, 10);
                double batched = (System.nanoTime() - e0) / 1e6 / queries.length;
                int singles = Math.min(100, queries.length);
                long e1 = System.nanoTime();
                for (int q = 0; q < singles; q++) exact.nearestFaces(new float[][] {queries[q]}, 10);
                double single = (System.nanoTime() - e1) / 1e6 / singles;
                List<RecallPoint> points = new ArrayList<>();
                for (int c : s.candidates()) points.add(recall(g, queries, truth, c));
                return new Scale(stored.length, queries.length, g.segments(), embedSeconds, indexSeconds, bytes, s.hnsw().maxConn(), s.hnsw().beamWidth(),
                        points, single, batched);
            }
        }
    }

    private static RecallPoint recall(Gallery g, float[][] queries, List<List<FaceHit>> truth, int candidates) throws IOException {
        for (int q = 0; q < Math.min(50, queries.length); q++) g.nearestFaces(queries[q], 10, candidates); // warm-up
        double[] ms = new double[queries.length];
        double found = 0;
        for (int q = 0; q < queries.length; q++) {
            long t = System.nanoTime();
            List<FaceHit> hits = g.nearestFaces(queries[q], 10, candidates);
            ms[q] = (System.nanoTime() - t) / 1e6;
            Set<String> want = new HashSet<>();
            for (FaceHit h : truth.get(q)) want.add(h.source());
            for (FaceHit h : hits) if (want.contains(h.source())) found++;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new RecallPoint(candidates, found / (10.0 * queries.length), sorted[sorted.length / 2], sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)],
                Arrays.stream(ms).average().orElse(0));
    }

    private static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
