package org.protoface.train;

import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.FaceDataset;
import org.protoface.data.LookalikeSource;
import org.protoface.encoder.Encoder;
import org.protoface.head.Head;

import java.nio.file.Path;

/** Everything a {@link Trainer} needs, already built from the config. */
public record TrainSetup(FaceDataset data, Encoder encoder, Head head, OptimConfig optim, ScheduleConfig schedule,
                         LoopConfig loop, BatchConfig batch, AugmentConfig augment, Path outDir, GradientSync sync,
                         LookalikeSource lookalikes, double lookalikeFraction) {}
