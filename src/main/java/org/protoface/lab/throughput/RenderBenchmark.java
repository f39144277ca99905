package org.protoface.lab.throughput;

import org.protoface.data.synthetic.SyntheticFaceRenderer;

import org.protoface.util.JsonReports;




import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures synthetic render throughput: single-thread images/s and all-thread images/s at one
 * image size. Each phase renders distinct identities after a short warm-up so the JIT has
 * compiled the pixel loops. Wall-clock time, so other load on the machine lowers the numbers.
 */
public final class RenderBenchmark {
    /** The seed does not affect speed; a fixed one keeps runs comparable. */
    private static final long SEED = 7;

    /**
     * @param perCoreImagesPerSecond all-thread throughput divided by the thread count
     */
    public record Result(int size, int images, double singleThreadImagesPerSecond, int threads,
            double allThreadsImagesPerSecond, double perCoreImagesPerSecond) {
        /** One line for the console: image size and images/s on one thread and on all threads. */
        public String line() {
            return String.format(Locale.ROOT,
                    "render %dx%d: single thread %.0f images/s; %d threads %.0f images/s (%.0f per thread), %d images",
                    size, size, singleThreadImagesPerSecond, threads, allThreadsImagesPerSecond, perCoreImagesPerSecond,
                    images);
        }
    }

    private RenderBenchmark() {
    }

    /** Renders {@code images} faces on one thread, then {@code images} faces over {@code threads} threads. */
    public static Result run(int size, int images, int threads) {
        if (images < 1) {
            throw new IllegalArgumentException("images must be at least 1: " + images);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(SEED, size, 1.0);
        renderRange(renderer, 0, Math.min(images, 500)); // warm-up
        long start = System.nanoTime();
        renderRange(renderer, 1_000_000, images);
        double single = images / ((System.nanoTime() - start) / 1e9);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int from = images * t / threads;
                int to = images * (t + 1) / threads;
                parts.add(pool.submit(() -> renderRange(renderer, 2_000_000 + from, to - from)));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("render benchmark interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("render benchmark failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
        double all = images / ((System.nanoTime() - start) / 1e9);
        return new Result(size, images, single, threads, all, all / threads);
    }

    /** Runs, prints the result line to stdout, and writes it as JSON when {@code json} is not null. */
    public static Result runAndReport(int size, int images, int threads, Path json) throws IOException {
        Result result = run(size, images, threads);
        System.out.println(result.line());
        if (json != null) {
            writeJson(result, json);
        }
        return result;
    }

    /** Writes the result as a JSON object, atomically (temp file in the same directory, then rename). */
    public static void writeJson(Result result, Path file) throws IOException {
        JsonReports.write(file, result);
    }

    private static void renderRange(SyntheticFaceRenderer renderer, long firstIdentity, int count) {
        for (int i = 0; i < count; i++) {
            renderer.render(firstIdentity + i, i & 15);
        }
    }
}
