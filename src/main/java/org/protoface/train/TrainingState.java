package org.protoface.train;

import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.global.torch;
import org.protoface.data.loader.IdentityBatchSampler;
import org.protoface.torch.Archives;

/**
 * What a checkpoint holds: everything the next step depends on (encoder, head, optimizer state,
 * sampler position, libtorch's random state, the step count), so a resumed run continues as if
 * never interrupted.
 */
final class TrainingState {
    private TrainingState() {}

    static void write(OutputArchive archive, TrainSetup setup, TrainStep step, long[] samplerState, long stepsDone) {
        OutputArchive enc = new OutputArchive();
        setup.encoder().save(enc);
        archive.write("encoder", enc);
        OutputArchive head = new OutputArchive();
        setup.head().saveState(head);
        archive.write("head", head);
        OutputArchive opt = new OutputArchive();
        step.save(opt);
        archive.write("optimizer", opt);
        Archives.writeLongs(archive, "sampler", samplerState);
        Archives.writeLongs(archive, "step", stepsDone);
        archive.write("torch_rng", torch.getDefaultCPUGenerator().get_state());
    }

    /** Restores all training state; returns the number of steps already done. */
    static long read(InputArchive archive, TrainSetup setup, TrainStep step, IdentityBatchSampler sampler) {
        setup.encoder().load(Archives.child(archive, "encoder", "trainer"));
        setup.head().loadState(Archives.child(archive, "head", "trainer"));
        step.load(Archives.child(archive, "optimizer", "trainer"));
        sampler.restore(Archives.readLongs(archive, "sampler", "trainer"));
        Generator gen = torch.getDefaultCPUGenerator();
        gen.set_state(Archives.readTensor(archive, "torch_rng", "trainer"));
        return Archives.readLongs(archive, "step", "trainer")[0];
    }
}
