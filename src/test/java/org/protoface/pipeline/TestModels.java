package org.protoface.pipeline;

import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Torch;

import java.io.IOException;
import java.nio.file.Path;

/** Untrained encoders saved as model folders: the pipeline's plumbing does not need a good model. */
public final class TestModels {
    private TestModels() {}

    /** An IResNet-18 x0.25, 32 px, 128-d with weights drawn from {@code seed}, saved into {@code dir}. */
    public static Path random(Path dir, long seed) throws IOException {
        Torch.manualSeed(seed);
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 128)), dir);
        return dir;
    }
}
