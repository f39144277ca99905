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
import org.protoface.encoder.EncoderSpec;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.torch.NativeMemory;
import org.protoface.train.BatchConfig;
import org.protoface.eval.EvalResult;
import org.protoface.run.RunFolder;
import org.protoface.run.TrainingRun;
import org.protoface.train.TrainResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        TrainingRun run = TrainingRun.build(cfg, dir);
        EvalConfig evalCfg = run.config().get(EvalConfig.SECTION);
        FaceDataset heldOut = HeldOutData.open(evalCfg, run.config().string("data", DataSources.DEFAULT),
                run.setup().encoder().spec().inputSize());
        long total = run.setup().loop().steps();
        long[] evalSteps = ObsolescencePlan.evaluationSteps(total, plan.evaluations());
        List<EvalPoint> evaluations = new ArrayList<>();
        console.println(method.label() + ": " + run.setup().head().describe() + "; training " + total + " steps in " + dir);
        // the evaluations along the way; the final one is the run's own eval.json
        run.addHook(end -> {
            if (end.last() || !contains(evalSteps, end.stepsDone())) return Map.of();
            EvalResult r = EvaluationJob.run(new TorchEncoderModel(run.setup().encoder(), "training", run.precision()), heldOut, evalCfg,
                    dir.resolve("evals").resolve(String.format("step-%09d.json", end.stepsDone())));
            evaluations.add(EvalPoint.of(end.stepsDone(), r));
            return Map.of("heldout_accuracy", r.verification().meanAccuracy());
        });
        TrainingRun.Result result = run.run(RunFolder.Mode.OVERWRITE, true, console);
        TrainResult trained = result.training();
        evaluations.add(EvalPoint.of(total, result.evaluation().orElseThrow()));

        boolean fresh = HeadKinds.named(method.kind()).updatesEveryClassEveryStep();
        NegativeAgeSummary ages = fresh ? NegativeAgeSummary.allFresh(total / 2)
                : NegativeAgeSummary.of(MetricsLines.read(dir.resolve("metrics.jsonl")), total / 2);
        VariantResult r = new VariantResult(method.label(), "ran", run.setup().head().describe(), run.setup().head().stateBytes(), total,
                trained.imagesPerSecond(), evaluations, ages, fresh);
        r.write(resultFile);
        return r;
    }

    /** Null when the method's head fits in memory, else why not (decided before building anything). */
    static String doesNotFit(Config cfg, HeadCase method) {
        long classes = DataSources.open(cfg.string("data", DataSources.DEFAULT), cfg.get(EncoderSpec.SECTION).inputSize()).identityCount();
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

    private static boolean contains(long[] values, long v) {
        for (long x : values) if (x == v) return true;
        return false;
    }
}
