package org.protoface.lab.throughput;

import org.protoface.data.io.ImageOptions;
import org.protoface.data.io.RecordIoDataset;

import org.protoface.data.MalformedDataException;
import org.protoface.data.recordio.IRHeader;
import org.protoface.data.recordio.RecordIoWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Opening an InsightFace-layout RecordIO set at the scale of the public ones (WebFace42M: 42.5M
 * images, 2.06M identities): the time to read the index and settle every float32-rounded range
 * boundary, the heap the opened set keeps, and a check of every identity range against the layout
 * that was written. Image payloads are 4 placeholder bytes: opening never decodes an image, so the
 * file has the record count of the real set without its 100+ GB.
 */
public final class RecordIoOpenBenchmark {
    private RecordIoOpenBenchmark() {}

    /** What was written: identity i owns image keys [starts[i], starts[i + 1]), the last up to images + 1. */
    public record Written(Path rec, long images, int[] starts, long recBytes, long idxBytes, double seconds) {
        int identities() {
            return starts.length;
        }

        long end(int identity) {
            return identity + 1 < starts.length ? starts[identity + 1] : images + 1;
        }
    }

    /** The numbers of one open. */
    public record Result(double openSeconds, long heapBytes, long wrongRanges, long rangesWrongAtFaceValue) {
        /** One line for the console: open time in seconds, heap in MB and the identity-range counts. */
        public String line() {
            return String.format(Locale.ROOT, "opened in %.1f s, heap %.0f MB; identities whose stored range is off at face value: %d;"
                    + " wrong after settling: %d", openSeconds, heapBytes / 1e6, rangesWrongAtFaceValue, wrongRanges);
        }
    }

    /**
     * Writes train.rec / train.idx in {@code dir} with identity sizes from a random partition of the
     * images (many identities of one or two images, as in the real sets' tails), and labels and
     * ranges stored as float32 exactly as MXNet writes them.
     */
    public static Written write(Path dir, long images, int identities, long seed) throws IOException {
        if (identities < 1 || images < identities || images + identities + 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("need 1 <= identities <= images and fewer than 2^31 keys, got "
                    + identities + " identities and " + images + " images");
        }
        long t0 = System.nanoTime();
        int[] starts = randomPartition(images, identities, new SplittableRandom(seed));
        Files.createDirectories(dir);
        Path rec = dir.resolve("train.rec");
        Path idx = dir.resolve("train.idx");
        long a = images + 1;
        long b = a + identities;
        byte[] placeholder = {1, 2, 3, 4};
        try (RecordIoWriter w = new RecordIoWriter(rec, idx)) {
            w.write(0, IRHeader.array(new float[] {a, b}, 0).encodeWith(new byte[0]));
            int identity = 0;
            for (long key = 1; key < a; key++) {
                while (identity + 1 < identities && starts[identity + 1] <= key) identity++;
                w.write(key, IRHeader.scalar(identity, key).encodeWith(placeholder));
            }
            for (int i = 0; i < identities; i++) {
                long end = i + 1 < identities ? starts[i + 1] : a;
                w.write(a + i, IRHeader.array(new float[] {starts[i], end}, a + i).encodeWith(new byte[0]));
            }
            w.commit();
        }
        return new Written(rec, images, starts, Files.size(rec), Files.size(idx), (System.nanoTime() - t0) / 1e9);
    }

    /** Opens the set, then checks every identity's range against what was written. */
    public static Result open(Written written) throws IOException {
        long heapBefore = usedHeapAfterGc();
        long t0 = System.nanoTime();
        RecordIoDataset data = RecordIoDataset.open(written.rec(), ImageOptions.of(112));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heap = usedHeapAfterGc() - heapBefore;
        if (data.identityCount() != written.identities()) {
            throw new MalformedDataException(written.rec() + ": opened " + data.identityCount() + " identities, wrote "
                    + written.identities());
        }
        long wrong = 0;
        long wrongAtFaceValue = 0;
        for (int i = 0; i < written.identities(); i++) {
            long start = written.starts()[i];
            long end = written.end(i);
            if (data.imageKey(i, 0) != start || data.imageCount(i) != end - start) wrong++;
            if ((long) (float) start != start || (long) (float) end != end) wrongAtFaceValue++;
        }
        java.lang.ref.Reference.reachabilityFence(data);
        return new Result(seconds, heap, wrong, wrongAtFaceValue);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Identity start keys: identity 0 starts at key 1, the others at distinct random cut points. */
    static int[] randomPartition(long images, int identities, SplittableRandom random) {
        // identities - 1 distinct cut points in [2, images]; drawing a few extra and deduplicating
        // is cheaper than a set when cut points are sparse, and a top-up loop covers the dense case
        int[] starts = new int[identities];
        starts[0] = 1;
        int need = identities - 1;
        int[] cuts = new int[0];
        while (cuts.length < need) {
            int[] more = new int[need - cuts.length + need / 50 + 16];
            for (int i = 0; i < more.length; i++) more[i] = (int) (2 + random.nextLong(images - 1));
            int[] all = Arrays.copyOf(cuts, cuts.length + more.length);
            System.arraycopy(more, 0, all, cuts.length, more.length);
            cuts = Arrays.stream(all).sorted().distinct().toArray();
        }
        // keep an evenly spread subset when the top-up overshot
        for (int i = 0; i < need; i++) starts[i + 1] = cuts[(int) ((long) i * cuts.length / need)];
        return starts;
    }
}
