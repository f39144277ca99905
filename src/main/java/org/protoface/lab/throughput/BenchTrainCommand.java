package org.protoface.lab.throughput;

import org.protoface.util.JsonReports;
import org.protoface.util.Folders;


import org.protoface.config.Config;
import org.protoface.lab.throughput.EncoderBenchmark;
import org.protoface.encoder.EncoderIO;
import org.protoface.torch.Torch;
import org.protoface.train.TrainResult;
import org.protoface.train.TrainSetup;
import org.protoface.run.RunFolder;
import org.protoface.run.TrainingRun;
import org.protoface.train.BatchConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures real training steps (loader, encoder, head, optimizer) of a config and puts the
 * encoder's achieved GFLOP/s next to a matmul GFLOP/s measured in the same process.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training images/s and achieved GFLOP/s of a config, next to this machine's matmul GFLOP/s.")
public final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "cpu", description = "Preset or YAML file (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--steps", defaultValue = "40", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the numbers as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Torch.init();
        List<String> sets = new ArrayList<>(overrides);
        sets.add("train.steps=" + (warmup + steps));
        sets.add("train.checkpoint_every=0");
        Config cfg = Config.load(config, sets);
        // the run's checkpoint and metrics are scratch: removed when the measurement is done
        Path out = Files.createTempDirectory("protoface-bench-");
        TrainingRun run;
        TrainResult r;
        double seconds;
        try {
            run = TrainingRun.build(cfg, out);
            long[] timedStart = {0};
            run.addHook(end -> {
                if (end.stepsDone() == warmup) timedStart[0] = System.nanoTime();
                return Map.of();
            });
            r = run.run(RunFolder.Mode.OVERWRITE, false, new PrintStream(new ByteArrayOutputStream())).training();
            seconds = (System.nanoTime() - timedStart[0]) / 1e9;
        } finally {
            Folders.deleteTree(out);
        }
        TrainSetup setup = run.setup();
        int batch = run.config().get(BatchConfig.SECTION).size();
        double imagesPerSecond = steps * (double) batch / seconds;
        double gflopsPerImage = setup.encoder().gflopsPerImage();
        // forward + backward of a conv net costs about 3x the forward pass (backward = 2 passes)
        double achieved = 3 * gflopsPerImage * imagesPerSecond;
        double matmul = EncoderBenchmark.matmulGflops(1024, 20);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config);
        m.put("overrides", overrides);
        m.put("encoder", EncoderIO.summary(setup.encoder()));
        m.put("head", setup.head().describe());
        m.put("batch_size", batch);
        m.put("threads", Torch.threads());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("steps_timed", steps);
        m.put("images_per_s", imagesPerSecond);
        m.put("gflops_per_image_forward", gflopsPerImage);
        m.put("encoder_gflops_per_s", achieved);
        m.put("matmul_gflops_per_s", matmul);
        m.put("efficiency", achieved / matmul);
        m.put("data_wait_share", r.dataWaitShare());
        System.out.printf(Locale.ROOT, "%s | %s | batch %d%n", m.get("encoder"), m.get("head"), batch);
        System.out.printf(Locale.ROOT, "training      %8.1f images/s  (data wait %.1f%%)%n", imagesPerSecond, 100 * r.dataWaitShare());
        System.out.printf(Locale.ROOT, "encoder       %8.1f GFLOP/s  (3 x %.4f GFLOPs/image x images/s)%n", achieved, gflopsPerImage);
        System.out.printf(Locale.ROOT, "matmul        %8.1f GFLOP/s  (1024^3 float32, %d threads)%n", matmul, Torch.threads());
        System.out.printf(Locale.ROOT, "efficiency    %8.1f %%%n", 100 * achieved / matmul);
        if (json != null) {
            JsonReports.write(json, m);
            System.out.println("written to " + json);
        }
        return 0;
    }
}
