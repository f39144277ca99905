package org.protoface.train;

import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.global.torch;
import org.protoface.data.loader.IdentityBatchSampler;
import org.protoface.head.ShardedClasses;
import org.protoface.torch.Archives;

import java.util.Optional;

/**
 * What a checkpoint holds: everything the next step depends on (encoder, head, optimizer state,
 * sampler position, libtorch's random state, the step count), so a resumed run continues as if
 * never interrupted. A head that holds class rows ({@link ShardedClasses}) saves them per rank,
 * the rest once; the sampler position is the global batch's, so any number of ranks can resume.
 */
final class TrainingState {
    private TrainingState() {}

    /** The part every rank shares (rank 0 writes it). */
    static void write(OutputArchive archive, TrainSetup setup, TrainStep step, long[] samplerState, long stepsDone) {
        OutputArchive enc = new OutputArchive();
        setup.encoder().save(enc);
        archive.write("encoder", enc);
        if (classRows(setup).isEmpty()) {
            OutputArchive head = new OutputArchive();
            setup.head().saveState(head);
            archive.write("head", head);
        }
        OutputArchive opt = new OutputArchive();
        step.save(opt);
        archive.write("optimizer", opt);
        Archives.writeLongs(archive, "sampler", samplerState);
        Archives.writeLongs(archive, "step", stepsDone);
        Archives.writeLongs(archive, "world_size", setup.world().worldSize());
        archive.write("torch_rng", torch.getDefaultCPUGenerator().get_state());
    }

    /** This rank's class rows (the head's whole state on this rank), or null for a head without them. */
    static Checkpointer.RankPart rankPart(TrainSetup setup) {
        return classRows(setup).map(c -> new Checkpointer.RankPart(c.shard(), setup.head()::saveState)).orElse(null);
    }

    /** Restores all training state; returns the number of steps already done. */
    static long read(Checkpointer.Loaded loaded, TrainSetup setup, TrainStep step, IdentityBatchSampler sampler) {
        InputArchive archive = loaded.archive();
        setup.encoder().load(Archives.child(archive, "encoder", "trainer"));
        Optional<ShardedClasses> rows = classRows(setup);
        if (rows.isPresent()) ClassRowsCheckpoint.load(setup.head(), rows.get(), loaded);
        else setup.head().loadState(Archives.child(archive, "head", "trainer"));
        step.load(Archives.child(archive, "optimizer", "trainer"));
        sampler.restore(Archives.readLongs(archive, "sampler", "trainer"));
        Generator gen = torch.getDefaultCPUGenerator();
        gen.set_state(Archives.readTensor(archive, "torch_rng", "trainer"));
        return Archives.readLongs(archive, "step", "trainer")[0];
    }

    private static Optional<ShardedClasses> classRows(TrainSetup setup) {
        return setup.head().capability(ShardedClasses.class);
    }
}
