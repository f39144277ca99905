package org.protoface.train;

import java.nio.file.Path;

/**
 * Summary of a training run.
 *
 * @param stepsDone       steps completed in total (including those before a resume)
 * @param interrupted     true when the run stopped early on request (Ctrl-C) after checkpointing
 * @param imagesPerSecond mean training throughput of this process's steps
 * @param dataWaitShare   share of step time spent waiting for the loader
 */
public record TrainResult(long stepsDone, boolean interrupted, double lastLoss, double imagesPerSecond,
                          double dataWaitShare, Path lastCheckpoint) {}
