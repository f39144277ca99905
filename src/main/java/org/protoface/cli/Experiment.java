package org.protoface.cli;

import org.protoface.config.Config;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvalResult;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.infer.TorchEncoderModel;

import java.io.IOException;
import java.nio.file.Path;

/** What happens after training in every command: save the encoder, evaluate it on held-out identities. */
public final class Experiment {
    private Experiment() {}

    public static Path saveModel(Encoder encoder, Path out) throws IOException {
        Path modelDir = out.resolve("model");
        EncoderIO.save(encoder, modelDir);
        return modelDir;
    }

    public static EvalResult evaluate(Config cfg, Encoder encoder, Path out) throws IOException {
        EvalConfig evalCfg = cfg.section("eval", EvalConfig.class);
        return EvaluationJob.run(new TorchEncoderModel(encoder, out.resolve("model").toString()), HeldOutData.open(evalCfg, cfg.string("data")), evalCfg, out.resolve("eval.json"));
    }
}
