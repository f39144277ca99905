package org.protoface.testing;

import org.protoface.data.FaceDataset;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.loader.BatchLoader;
import org.protoface.data.loader.IdentityBatchSampler;
import org.protoface.train.BatchConfig;
import org.protoface.train.MetricsLog;
import org.protoface.train.TrainResult;
import org.protoface.train.TrainSetup;
import org.protoface.train.Trainer;

import java.io.PrintStream;

/**
 * A trainer wired to a test dataset the way {@code TrainingRun} wires it to a configured one, for
 * tests that train stand-in encoders and heads (which no config can name).
 */
public record TestJob(TrainSetup setup, FaceDataset data, BatchConfig batch, AugmentConfig augment) {
    public Trainer trainer() {
        return new Trainer(setup);
    }

    /** Resumes from the newest checkpoint when asked, then trains to the end (or a stop request). */
    public TrainResult run(Trainer trainer, boolean resume, PrintStream console) throws Exception {
        IdentityBatchSampler sampler = new IdentityBatchSampler(data.identityCount(), data::imageCount, batch.size(),
                batch.imagesPerIdentity(), setup.loop().seed());
        long start = resume ? trainer.resume(sampler) : 0;
        try (BatchLoader loader = new BatchLoader(data, sampler, augment, setup.loop().seed(), setup.loop().loaderWorkers(),
                setup.loop().prefetch());
             MetricsLog metrics = new MetricsLog(setup.outDir().resolve("metrics.jsonl"), setup.loop().logEvery())) {
            return trainer.run(start, loader, metrics, console);
        }
    }

    /** A fresh trainer, run from scratch (or resumed). */
    public TrainResult run(boolean resume, PrintStream console) throws Exception {
        return run(trainer(), resume, console);
    }
}
