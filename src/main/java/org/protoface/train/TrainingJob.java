package org.protoface.train;

import org.protoface.config.Config;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.source.DataSources;
import org.protoface.data.FaceDataset;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.eval.EvalConfig;
import org.protoface.head.Head;
import org.protoface.data.LookalikeSampling;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;
import org.protoface.torch.Device;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.List;

/** Builds a {@link TrainSetup} from a config: data, encoder, head, optimizer settings. */
public final class TrainingJob {
    /** Top-level config keys (the fixed ones and every head kind's section); anything else is a typo. */
    public static final List<String> KEYS = keys();

    private static List<String> keys() {
        List<String> k = new java.util.ArrayList<>(List.of("data", "encoder", "head", "margin", "batch", "optim", "schedule",
                "train", "augment", "eval"));
        for (org.protoface.config.Section<?> s : HeadKinds.sections()) k.add(s.key());
        return List.copyOf(k);
    }

    private TrainingJob() {}

    public static TrainSetup build(Config cfg, Path outDir) {
        cfg.requireOnlyKeys(KEYS);
        LoopConfig loop = cfg.get(LoopConfig.SECTION);
        cfg.get(EvalConfig.SECTION); // validated before training, not after it
        if (loop.threads() > 0) Torch.setThreads(loop.threads());
        // every random draw of the run (weights, dropout) starts from the configured seed
        Torch.manualSeed(loop.seed());
        EncoderSpec spec = cfg.get(EncoderSpec.SECTION);
        // images are decoded at the encoder's input size unless the source names a size itself
        FaceDataset data = DataSources.open(cfg.string("data", DataSources.DEFAULT), spec.inputSize());
        if (spec.inputSize() != data.imageSize()) {
            String source = cfg.string("data", DataSources.DEFAULT);
            String fix = source.startsWith("synthetic:") ? "set size=" + spec.inputSize() + " in the synthetic source"
                    : "drop the explicit size ('" + source.replaceFirst("\\?size=\\d+$", "") + "' decodes at the encoder's size)";
            throw new IllegalArgumentException("encoder.input_size is " + spec.inputSize() + " but data '" + source + "' gives "
                    + data.imageSize() + " px images: " + fix + ", or set encoder.input_size=" + data.imageSize());
        }
        Encoder encoder = Encoders.create(spec);
        BatchConfig batch = cfg.get(BatchConfig.SECTION);
        Head head = HeadKinds.create(cfg, new HeadSize(data.identityCount(), spec.embeddingSize(), batch.size(),
                batch.size() / batch.imagesPerIdentity()), Device.CPU);
        LookalikeSampling lookalikes = head.capability(LookalikeSampling.class).orElse(null);
        return new TrainSetup(data, encoder, head, cfg.get(OptimConfig.SECTION),
                cfg.get(ScheduleConfig.SECTION), loop, batch, cfg.get(AugmentConfig.SECTION), outDir, GradientSync.LOCAL,
                lookalikes == null ? null : lookalikes.source(), lookalikes == null ? 0 : lookalikes.batchFraction());
    }
}
