package org.protoface.lab.throughput;

import org.bytedeco.pytorch.global.torch;
import org.protoface.config.Config;
import org.protoface.encoder.EncoderIO;
import org.protoface.run.RunFolder;
import org.protoface.run.TrainingRun;
import org.protoface.torch.Precision;
import org.protoface.torch.PrecisionChoice;
import org.protoface.torch.Torch;
import org.protoface.train.BatchConfig;
import org.protoface.train.TrainResult;
import org.protoface.util.Folders;
import org.protoface.util.JsonReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Measures real training steps (loader, encoder, head, optimizer) of a config in each of several
 * precisions, one after the other in the same process, and puts the encoder's achieved GFLOP/s
 * next to the float32 and bfloat16 matmul GFLOP/s measured in the same process. Per precision it
 * also reports where a step's time goes (its parts, from {@code TrainStep}'s marks), the CPU
 * seconds a step costs (robust to other jobs on the machine), the kernel's share of them and the
 * page faults per step; {@code --blocks} adds each encoder block's forward and backward time.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training images/s and achieved GFLOP/s of a config in fp32 and bf16 (one run each, same process).",
                "Printed next to this machine's fp32 and bf16 matmul GFLOP/s, with where each step's time goes."})
public final class BenchTrainCommand implements Callable<Integer> {
    private static final int MATMUL_N = 1024;

    @Option(names = {"-c", "--config"}, defaultValue = "cpu", description = "Preset or YAML file (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--precisions", split = ",", defaultValue = "fp32,bf16",
            description = "Precisions to measure, in order (default: ${DEFAULT-VALUE}).")
    List<String> precisions;

    @Option(names = "--steps", defaultValue = "20", description = "Timed steps per precision (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed warm-up steps per precision (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--blocks", description = "Also time each encoder block's forward and backward alone.")
    boolean blocks;

    @Option(names = "--block-repeats", defaultValue = "3", description = "Repeats per block; the fastest counts (default: ${DEFAULT-VALUE}).")
    int blockRepeats;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the numbers as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0) throw new IllegalArgumentException("--steps must be >= 1 and --warmup >= 0");
        Torch.init();
        Set<Precision> wanted = new LinkedHashSet<>();
        for (String p : precisions) wanted.add(Precision.parse(p));
        List<Measured> runs = new ArrayList<>();
        for (Precision p : wanted) runs.add(measure(p));
        // after the runs, so the matmuls see the same (warm) machine state the steps saw
        double matmulFp32 = EncoderBenchmark.bestMatmulGflops(MATMUL_N, 10, torch.ScalarType.Float);
        double matmulBf16 = EncoderBenchmark.bestMatmulGflops(MATMUL_N, 10, torch.ScalarType.BFloat16);
        Map<String, Object> report = report(runs, matmulFp32, matmulBf16);
        print(runs, matmulFp32, matmulBf16);
        if (json != null) {
            JsonReports.write(json, report);
            System.out.println("written to " + json);
        }
        return 0;
    }

    /** One precision's measurement. */
    private record Measured(Precision precision, String encoder, String head, int batch, double gflopsPerImage, double seconds,
                            ProcessTimes times, StepProfile profile, double dataWaitShare, List<BlockProfile.BlockTime> blocks) {
        double imagesPerSecond() {
            return seconds > 0 ? (double) profile.steps() * batch / seconds : 0;
        }

        /** Forward + backward at 3 x the forward's FLOPs (see {@link EncoderBenchmark}). */
        double encoderGflops() {
            return 3 * gflopsPerImage * imagesPerSecond();
        }

        double cpuSecondsPerStep() {
            return profile.steps() == 0 ? 0 : (times.userSeconds() + times.systemSeconds()) / profile.steps();
        }

        double systemShare() {
            double all = times.userSeconds() + times.systemSeconds();
            return all > 0 ? times.systemSeconds() / all : 0;
        }

        /** Wall time outside the step's own parts: waiting for the batch, metrics, hooks. */
        double outsideStepShare() {
            double perStep = profile.steps() == 0 ? 0 : seconds / profile.steps();
            return perStep > 0 ? Math.max(0, 1 - profile.secondsPerStep() / perStep) : 0;
        }
    }

    private Measured measure(Precision precision) throws Exception {
        List<String> sets = new ArrayList<>(overrides);
        // one step past the timed ones: the run's final checkpoint is written after it, outside the timing
        long total = warmup + steps + 1L;
        sets.add("train.steps=" + total);
        sets.add("train.checkpoint_every=0");
        sets.add("train.precision=" + precision.key());
        Config cfg = Config.load(config, sets);
        Path out = Files.createTempDirectory("protoface-bench-");
        try {
            TrainingRun run = TrainingRun.build(cfg, out);
            StepProfile profile = new StepProfile();
            run.setStepTimer(profile);
            long[] wall = new long[2];
            ProcessTimes[] times = new ProcessTimes[2];
            run.addHook(end -> {
                if (end.stepsDone() == warmup) {
                    profile.startRecording();
                    times[0] = ProcessTimes.now();
                    wall[0] = System.nanoTime();
                } else if (end.stepsDone() == warmup + steps) {
                    wall[1] = System.nanoTime();
                    times[1] = ProcessTimes.now();
                    run.requestStop();
                }
                return Map.of();
            });
            if (warmup == 0) {
                profile.startRecording();
                times[0] = ProcessTimes.now();
                wall[0] = System.nanoTime();
            }
            TrainResult r = run.run(RunFolder.Mode.OVERWRITE, false, new PrintStream(new ByteArrayOutputStream())).training();
            int batch = run.config().get(BatchConfig.SECTION).size();
            // the stop request lands before the next step starts: the profile counted exactly the timed steps
            List<BlockProfile.BlockTime> blockTimes = blocks ? BlockProfile.measure(run.setup().encoder(), run.precision(), batch,
                    blockRepeats) : List.of();
            return new Measured(precision, EncoderIO.summary(run.setup().encoder()), run.setup().head().describe(), batch,
                    run.setup().encoder().gflopsPerImage(), (wall[1] - wall[0]) / 1e9, times[1].since(times[0]), profile,
                    r.dataWaitShare(), blockTimes);
        } finally {
            Folders.deleteTree(out);
        }
    }

    private Map<String, Object> report(List<Measured> runs, double matmulFp32, double matmulBf16) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config);
        m.put("overrides", overrides);
        m.put("encoder", runs.get(0).encoder());
        m.put("head", runs.get(0).head());
        m.put("batch_size", runs.get(0).batch());
        m.put("threads", Torch.threads());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu_bf16_flags", PrecisionChoice.BF16_FLAGS.stream().filter(PrecisionChoice.cpuFlags()::contains).toList());
        m.put("glibc_tunables", System.getenv().getOrDefault("GLIBC_TUNABLES", ""));
        m.put("openblas_thread_timeout", System.getenv().getOrDefault("OPENBLAS_THREAD_TIMEOUT", ""));
        m.put("steps_timed", steps);
        m.put("gflops_per_image_forward", runs.get(0).gflopsPerImage());
        m.put("matmul_n", MATMUL_N);
        m.put("matmul_fp32_gflops_per_s", matmulFp32);
        m.put("matmul_bf16_gflops_per_s", matmulBf16);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Measured r : runs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("precision", r.precision().key());
            e.put("images_per_s", r.imagesPerSecond());
            e.put("encoder_gflops_per_s", r.encoderGflops());
            double matmul = r.precision() == Precision.FP32 ? matmulFp32 : matmulBf16;
            e.put("matmul_gflops_per_s", matmul);
            e.put("efficiency", r.encoderGflops() / matmul);
            e.put("efficiency_vs_fp32_matmul", r.encoderGflops() / matmulFp32);
            e.put("data_wait_share", r.dataWaitShare());
            e.put("outside_step_share", r.outsideStepShare());
            e.put("cpu_seconds_per_step", r.cpuSecondsPerStep());
            e.put("system_time_share", r.systemShare());
            e.put("minor_faults_per_step", r.profile().steps() == 0 ? 0 : r.times().minorFaults() / r.profile().steps());
            e.put("step_parts_ms", r.profile().millisPerStep());
            if (!r.blocks().isEmpty()) {
                List<Map<String, Object>> bl = new ArrayList<>();
                for (BlockProfile.BlockTime b : r.blocks()) {
                    Map<String, Object> bm = new LinkedHashMap<>();
                    bm.put("block", b.name());
                    bm.put("gflops_per_image", b.gflopsPerImage());
                    bm.put("forward_ms", b.forwardSeconds() * 1e3);
                    bm.put("backward_ms", b.backwardSeconds() * 1e3);
                    bm.put("gflops_per_s", b.gflopsPerSecond(r.batch()));
                    bl.add(bm);
                }
                e.put("blocks", bl);
            }
            list.add(e);
        }
        m.put("runs", list);
        Measured fp32 = find(runs, Precision.FP32), bf16 = find(runs, Precision.BF16);
        if (fp32 != null && bf16 != null && fp32.imagesPerSecond() > 0) m.put("speedup_bf16_over_fp32", bf16.imagesPerSecond() / fp32.imagesPerSecond());
        return m;
    }

    private static Measured find(List<Measured> runs, Precision p) {
        for (Measured r : runs) if (r.precision() == p) return r;
        return null;
    }

    private void print(List<Measured> runs, double matmulFp32, double matmulBf16) {
        Measured first = runs.get(0);
        System.out.printf(Locale.ROOT, "%s | %s | batch %d | %d threads%n", first.encoder(), first.head(), first.batch(), Torch.threads());
        System.out.printf(Locale.ROOT, "%-9s %9s %9s %10s %9s %11s %9s %12s%n", "precision", "images/s", "GFLOP/s", "of matmul",
                "data wait", "CPU s/step", "sys share", "faults/step");
        for (Measured r : runs) {
            double matmul = r.precision() == Precision.FP32 ? matmulFp32 : matmulBf16;
            System.out.printf(Locale.ROOT, "%-9s %9.1f %9.1f %9.1f%% %8.1f%% %11.3f %8.1f%% %12d%n", r.precision(), r.imagesPerSecond(),
                    r.encoderGflops(), 100 * r.encoderGflops() / matmul, 100 * r.dataWaitShare(), r.cpuSecondsPerStep(),
                    100 * r.systemShare(), r.profile().steps() == 0 ? 0 : r.times().minorFaults() / r.profile().steps());
        }
        System.out.printf(Locale.ROOT, "matmul %d^3: fp32 %.1f GFLOP/s, bf16 %.1f GFLOP/s (best of 10, %d threads)%n", MATMUL_N,
                matmulFp32, matmulBf16, Torch.threads());
        Measured fp32 = find(runs, Precision.FP32), bf16 = find(runs, Precision.BF16);
        if (fp32 != null && bf16 != null && fp32.imagesPerSecond() > 0) {
            System.out.printf(Locale.ROOT, "bf16 / fp32 images/s: %.2fx%n", bf16.imagesPerSecond() / fp32.imagesPerSecond());
        }
        if (System.getenv("GLIBC_TUNABLES") == null || System.getenv("GLIBC_TUNABLES").isBlank()) {
            System.out.println("note: GLIBC_TUNABLES is not set: large tensors are mapped and zeroed afresh every step "
                    + "(see README, Precision and speed); ./protoface sets it");
        }
        if (System.getenv("OPENBLAS_THREAD_TIMEOUT") == null || System.getenv("OPENBLAS_THREAD_TIMEOUT").isBlank()) {
            System.out.println("note: OPENBLAS_THREAD_TIMEOUT is not set: OpenBLAS's threads spin for 0.1 s after every float32 "
                    + "matrix product, against libtorch's threads (see README, Precision and speed); ./protoface sets it to 4");
        }
        System.out.println("step parts, ms per step (share of the step's own time):");
        Set<String> parts = new LinkedHashSet<>();
        for (Measured r : runs) parts.addAll(r.profile().millisPerStep().keySet());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "part"));
        for (Measured r : runs) head.append(String.format(Locale.ROOT, " %18s", r.precision()));
        System.out.println(head);
        for (String part : parts) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-12s", part));
            for (Measured r : runs) {
                double ms = r.profile().millisPerStep().getOrDefault(part, 0.0);
                double total = r.profile().secondsPerStep() * 1e3;
                line.append(String.format(Locale.ROOT, " %10.1f (%4.1f%%)", ms, total > 0 ? 100 * ms / total : 0));
            }
            System.out.println(line);
        }
        StringBuilder outside = new StringBuilder(String.format(Locale.ROOT, "  %-12s", "outside step"));
        for (Measured r : runs) outside.append(String.format(Locale.ROOT, " %17.1f%%", 100 * r.outsideStepShare()));
        System.out.println(outside + "   (waiting for the batch, metrics; share of wall time)");
        for (Measured r : runs) {
            if (r.blocks().isEmpty()) continue;
            System.out.printf(Locale.ROOT, "encoder blocks alone, %s (batch %d, fastest of %d):%n", r.precision(), r.batch(), blockRepeats);
            System.out.printf(Locale.ROOT, "  %-14s %9s %10s %11s %9s%n", "block", "GFLOP/img", "forward ms", "backward ms", "GFLOP/s");
            double f = 0, b = 0;
            for (BlockProfile.BlockTime t : r.blocks()) {
                System.out.printf(Locale.ROOT, "  %-14s %9.3f %10.1f %11.1f %9.1f%n", t.name(), t.gflopsPerImage(), t.forwardSeconds() * 1e3,
                        t.backwardSeconds() * 1e3, t.gflopsPerSecond(r.batch()));
                f += t.forwardSeconds();
                b += t.backwardSeconds();
            }
            System.out.printf(Locale.ROOT, "  %-14s %9.3f %10.1f %11.1f %9.1f%n", "sum", r.gflopsPerImage(), f * 1e3, b * 1e3,
                    f + b > 0 ? 3 * r.gflopsPerImage() * r.batch() / (f + b) : 0);
        }
    }
}
