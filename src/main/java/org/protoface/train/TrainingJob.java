package org.protoface.train;

import org.protoface.config.Config;
import org.protoface.data.AugmentConfig;
import org.protoface.data.DataSources;
import org.protoface.data.FaceDataset;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.eval.EvalConfig;
import org.protoface.head.Head;
import org.protoface.head.Heads;
import org.protoface.head.memory.DoppelgangerIndex;
import org.protoface.head.memory.PrototypeMemoryConfig;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.List;

/** Builds a {@link TrainSetup} from a config: data, encoder, head, optimizer settings. */
public final class TrainingJob {
    /** Top-level config keys; anything else is a typo. */
    public static final List<String> KEYS = List.of("data", "encoder", "head", "margin", "pm", "pfc", "dsoftmax",
            "batch", "optim", "schedule", "train", "augment", "eval");

    private TrainingJob() {}

    public static TrainSetup build(Config cfg, Path outDir) {
        cfg.requireOnlyKeys(KEYS);
        LoopConfig loop = cfg.section("train", LoopConfig.class);
        cfg.section("eval", EvalConfig.class); // validated before training, not after it
        if (loop.threads() > 0) Torch.setThreads(loop.threads());
        // every random draw of the run (weights, dropout) starts from the configured seed
        Torch.manualSeed(loop.seed());
        EncoderSpec spec = cfg.section("encoder", EncoderSpec.class);
        // images are decoded at the encoder's input size unless the source names a size itself
        FaceDataset data = DataSources.open(cfg.string("data"), spec.inputSize());
        if (spec.inputSize() != data.imageSize()) {
            String source = cfg.string("data");
            String fix = source.startsWith("synthetic:") ? "set size=" + spec.inputSize() + " in the synthetic source"
                    : "drop the explicit size ('" + source.replaceFirst("\\?size=\\d+$", "") + "' decodes at the encoder's size)";
            throw new IllegalArgumentException("encoder.input_size is " + spec.inputSize() + " but data '" + source + "' gives "
                    + data.imageSize() + " px images: " + fix + ", or set encoder.input_size=" + data.imageSize());
        }
        Encoder encoder = Encoders.create(spec);
        Head head = Heads.create(cfg, data.identityCount(), spec.embeddingSize());
        DoppelgangerIndex lookalikes = Heads.lookalikes(head);
        double lookalikeFraction = lookalikes == null ? 0 : cfg.section("pm", PrototypeMemoryConfig.class).doppelgangerFraction();
        return new TrainSetup(data, encoder, head, cfg.section("optim", OptimConfig.class),
                cfg.section("schedule", ScheduleConfig.class), loop, cfg.section("batch", BatchConfig.class),
                cfg.section("augment", AugmentConfig.class), outDir, GradientSync.LOCAL, lookalikes, lookalikeFraction);
    }
}
