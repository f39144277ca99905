package org.protoface.lab.obsolescence;

import org.protoface.lab.heads.FitDecision;
import org.protoface.lab.heads.HeadCase;
import org.protoface.head.HeadFootprint;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;

import org.protoface.infer.TorchEncoderModel;
import org.protoface.config.Config;
import org.protoface.data.source.DataSources;
import org.protoface.data.FaceDataset;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.torch.NativeMemory;
import org.protoface.train.BatchConfig;
import org.protoface.train.TrainResult;
import org.protoface.train.TrainSetup;
import org.protoface.train.Trainer;
import org.protoface.train.TrainingJob;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trains and evaluates one method of the obsolescence study in its own folder
 * ({@code config.yaml}, {@code metrics.jsonl}, {@code checkpoints/}, {@code model/},
 * {@code evals/step-N.json} for the intermediate evaluations, {@code eval.json} for the final one,
 * {@code result.json}). Intermediate evaluations run between two training steps with the live
 * encoder (in inference mode, then back to training); their time is not counted in the
 * training throughput.
 */
public final class ObsolescenceRunner {
    /** Share of the available memory the full softmax may not plan on. */
    static final double SAFETY = 0.15;

    private ObsolescenceRunner() {}

    /**
     * @param reuse return the method's existing result.json instead of training again
     */
    public static VariantResult run(ObsolescencePlan plan, HeadCase method, Path dir, boolean reuse, PrintStream console)
            throws IOException, InterruptedException {
        Path resultFile = dir.resolve("result.json");
        if (reuse && Files.isRegularFile(resultFile)) {
            console.println(method.label() + ": reusing " + resultFile);
            return VariantResult.read(resultFile, ageSeries(dir, method));
        }
        Config cfg = plan.config(method);
        String skip = doesNotFit(cfg, method);
        if (skip != null) {
            console.println(method.label() + ": skipped, " + skip);
            VariantResult r = VariantResult.skipped(method, skip);
            r.write(resultFile);
            return r;
        }
        clearPreviousRun(dir);
        TrainSetup setup = TrainingJob.build(cfg, dir);
        cfg.save(dir.resolve("config.yaml"));
        EvalConfig evalCfg = cfg.get(EvalConfig.SECTION);
        FaceDataset heldOut = HeldOutData.open(evalCfg, cfg.string("data"));
        long total = setup.loop().steps();
        long[] evalSteps = ObsolescencePlan.evaluationSteps(total, plan.evaluations());
        List<EvalPoint> evaluations = new ArrayList<>();
        console.println(method.label() + ": " + setup.head().describe() + "; training " + total + " steps in " + dir);

        Trainer trainer = new Trainer(setup);
        trainer.setStepListener((step, loss) -> {
            long done = step + 1;
            if (done == total || !contains(evalSteps, done)) return;
            try {
                evaluations.add(EvalPoint.of(done, EvaluationJob.run(new TorchEncoderModel(setup.encoder(), "training"), heldOut, evalCfg,
                        dir.resolve("evals").resolve(String.format("step-%09d.json", done)))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        TrainResult trained = trainer.run(false, console);
        EncoderIO.save(setup.encoder(), dir.resolve("model"));
        evaluations.add(EvalPoint.of(total, EvaluationJob.run(new TorchEncoderModel(setup.encoder(), "training"), heldOut, evalCfg, dir.resolve("eval.json"))));

        boolean fresh = HeadKinds.named(method.kind()).updatesEveryClassEveryStep();
        NegativeAgeSummary ages = fresh ? NegativeAgeSummary.allFresh(total / 2)
                : NegativeAgeSummary.of(MetricsLines.read(dir.resolve("metrics.jsonl")), total / 2);
        VariantResult r = new VariantResult(method.label(), "ran", setup.head().describe(), setup.head().stateBytes(), total,
                trained.imagesPerSecond(), evaluations, ages, fresh);
        r.write(resultFile);
        return r;
    }

    /** Null when the method's head fits in memory, else why not (decided before building anything). */
    static String doesNotFit(Config cfg, HeadCase method) {
        long classes = DataSources.open(cfg.string("data")).identityCount();
        int dim = cfg.get(EncoderSpec.SECTION).embeddingSize();
        BatchConfig batch = cfg.get(BatchConfig.SECTION);
        HeadFootprint footprint = HeadKinds.footprint(cfg, new HeadSize(classes, dim, batch.size(), batch.size() / batch.imagesPerIdentity()));
        FitDecision d = FitDecision.decide(footprint, NativeMemory.availableBytes(), SAFETY);
        return d.fits() ? null : d.explanation();
    }

    private static List<NegativeAgeSummary.AgePoint> ageSeries(Path dir, HeadCase method) throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        if (HeadKinds.named(method.kind()).updatesEveryClassEveryStep() || !Files.isRegularFile(metrics)) return List.of();
        return NegativeAgeSummary.of(MetricsLines.read(metrics), 0).series();
    }

    /** A new run must not append to the metrics or resume from the checkpoints of an earlier attempt. */
    private static void clearPreviousRun(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve("metrics.jsonl"));
        Files.deleteIfExists(dir.resolve("result.json"));
        for (String sub : new String[] {"checkpoints", "evals"}) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
        }
    }

    private static boolean contains(long[] values, long v) {
        for (long x : values) if (x == v) return true;
        return false;
    }
}
