package org.protoface.train;

import org.protoface.distributed.Collectives;
import org.protoface.encoder.Encoder;
import org.protoface.head.Head;
import org.protoface.torch.Device;

import java.nio.file.Path;

/**
 * What a {@link Trainer} trains and how, already built from the config. The data side (dataset,
 * sampler, loader) is handed to {@link Trainer#run} separately, so the trainer never builds it.
 *
 * @param encoder  the network being trained (on {@code device})
 * @param head     the classifier head
 * @param optim    the shared optimizer's settings (encoder and head parameters)
 * @param schedule the learning-rate schedule, stepped every iteration
 * @param loop     steps, seed, logging and checkpoint intervals
 * @param outDir   the run folder (checkpoints/, metrics.jsonl)
 * @param sync     how gradients are synchronised between processes ({@link GradientSync#LOCAL} alone)
 * @param device   where the step's tensors live
 * @param world    the ranks training together ({@link Collectives#single()} for one process): they
 *                 agree on each step's loss and on stopping, and write checkpoints together
 */
public record TrainSetup(Encoder encoder, Head head, OptimConfig optim, ScheduleConfig schedule, LoopConfig loop,
                         Path outDir, GradientSync sync, Device device, Collectives world) {
    /** One process. */
    public TrainSetup(Encoder encoder, Head head, OptimConfig optim, ScheduleConfig schedule, LoopConfig loop,
                      Path outDir, GradientSync sync, Device device) {
        this(encoder, head, optim, schedule, loop, outDir, sync, device, Collectives.single());
    }
}
