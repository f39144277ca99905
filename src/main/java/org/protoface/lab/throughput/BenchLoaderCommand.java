package org.protoface.lab.throughput;

import org.protoface.util.JsonReports;
import org.protoface.util.Folders;


import org.protoface.config.Config;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.FaceDataset;
import org.protoface.lab.throughput.LoaderBenchmark;
import org.protoface.lab.throughput.EncoderBenchmark;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Precision;
import org.protoface.torch.Torch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Loader throughput (RecordIO JPEG -> decoded, augmented CHW floats) on one and on all worker
 * threads, next to the training throughput of the cpu preset's encoder and of an IResNet-50, so
 * one can see whether the loader keeps up with what training consumes.
 */
@Command(name = "loader", mixinStandardHelpOptions = true,
        description = {"Decoded-and-augmented images/s of the parallel loader on a temporary RecordIO pack of synthetic JPEG faces.",
                "Measured for 1 and all worker threads, next to the training images/s of the cpu preset and of iresnet50."})
public final class BenchLoaderCommand implements Callable<Integer> {
    @Option(names = "--identities", defaultValue = "250", description = "Identities in the pack (default: ${DEFAULT-VALUE}).")
    int identities;

    @Option(names = "--images", defaultValue = "8", description = "Images per identity (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--size", defaultValue = "112", description = "Image side (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--decode-size", description = "Side the loader decodes to (default: --size; e.g. 32 times the resize of 112 px records for the cpu preset).")
    Integer decodeSize;

    @Option(names = "--batch", defaultValue = "128", description = "Loader batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batches", defaultValue = "15", description = "Timed batches per configuration (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--workers", description = "Largest worker count (default: all processors).")
    Integer workers;

    @Option(names = "--r50-steps", defaultValue = "2", description = "Timed iresnet50 training steps, 0 to skip (default: ${DEFAULT-VALUE}).")
    int r50Steps;

    @Option(names = "--cpu-steps", defaultValue = "5", description = "Timed cpu-preset training steps, 0 to skip (default: ${DEFAULT-VALUE}).")
    int cpuSteps;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the numbers as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (identities < 1 || images < 1 || batch < 4 || batches < 1 || (decodeSize != null && decodeSize < 1)) {
            throw new IllegalArgumentException("need --identities >= 1, --images >= 1, --batch >= 4, --batches >= 1 and --decode-size >= 1");
        }
        int decoded = decodeSize != null ? decodeSize : size;
        int maxWorkers = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        AugmentConfig defaults = Config.load("base", List.of()).get(AugmentConfig.SECTION);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());

        Path dir = Files.createTempDirectory("protoface-loader-");
        List<LoaderBenchmark.Result> rows = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            LoaderBenchmark.PackedSet packed = LoaderBenchmark.packSyntheticJpegs(dir, identities, images, size, 7);
            System.out.printf(Locale.ROOT, "packed %d JPEG faces (%dx%d, mean %.0f bytes) of %d identities in %.1f s%n",
                    packed.images(), size, size, packed.meanJpegBytes(), packed.identities(), (System.nanoTime() - t0) / 1e9);
            m.put("images", packed.images());
            m.put("image_size", size);
            m.put("decode_size", decoded);
            m.put("mean_jpeg_bytes", packed.meanJpegBytes());
            FaceDataset data = LoaderBenchmark.open(packed, decoded);
            // untimed: lets the JIT compile the decode and augmentation loops before the first row
            LoaderBenchmark.measure(data, defaults.alwaysApplied(), "warm-up", maxWorkers, batch, 4, 0, 3);
            List<Integer> workerCounts = maxWorkers > 1 ? List.of(1, maxWorkers) : List.of(1);
            System.out.println("augment  workers     images/s   (loader: decode + augment, batch " + batch + ")");
            for (String name : List.of("default", "all")) {
                AugmentConfig augment = name.equals("default") ? defaults : defaults.alwaysApplied();
                for (int w : workerCounts) {
                    LoaderBenchmark.Result r = LoaderBenchmark.measure(data, augment, name, w, batch, 4, 2, batches);
                    System.out.println(r.line());
                    rows.add(r);
                }
            }
        } finally {
            Folders.deleteTree(dir);
        }
        List<Map<String, Object>> loader = new ArrayList<>();
        for (LoaderBenchmark.Result r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("augment", r.augment());
            row.put("workers", r.workers());
            row.put("images_per_s", r.imagesPerSecond());
            loader.add(row);
        }
        m.put("augment_default", defaults);
        m.put("loader", loader);

        Torch.init();
        List<Map<String, Object>> training = new ArrayList<>();
        if (cpuSteps > 0) {
            Config cpu = Config.load("cpu", List.of());
            EncoderSpec spec = cpu.get(EncoderSpec.SECTION);
            int cpuBatch = cpu.get(org.protoface.train.BatchConfig.SECTION).size();
            for (Precision p : List.of(Precision.FP32, Precision.BF16)) training.add(trainingRow("cpu preset", spec, p, cpuBatch, 2, cpuSteps));
        }
        if (r50Steps > 0) {
            for (Precision p : List.of(Precision.FP32, Precision.BF16)) {
                training.add(trainingRow("iresnet50", EncoderSpec.iresnet(50, 1.0, 112, 512), p, 32, 1, r50Steps));
            }
        }
        m.put("training", training);
        if (json != null) {
            JsonReports.write(json, m);
            System.out.println("written to " + json);
        }
        return 0;
    }

    /** Encoder forward + backward only (no head, no optimizer): what the loader must feed. */
    private static Map<String, Object> trainingRow(String name, EncoderSpec spec, Precision precision, int batch, int warmup, int steps) {
        EncoderBenchmark.Throughput t = EncoderBenchmark.trainingThroughput(Encoders.create(spec), precision, batch, warmup, steps);
        System.out.printf(Locale.ROOT, "training %-10s %s, %d px, batch %d, %s: %.1f images/s (encoder forward+backward, %d threads)%n",
                name, Encoders.name(spec), spec.inputSize(), batch, precision, t.imagesPerSecond(), Torch.threads());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("precision", precision.key());
        row.put("encoder", Encoders.name(spec) + " x" + spec.width());
        row.put("input_size", spec.inputSize());
        row.put("batch_size", batch);
        row.put("images_per_s", t.imagesPerSecond());
        row.put("gflops_per_s", t.gflopsPerSecond());
        return row;
    }
}
