package org.protoface.cli;

import org.protoface.config.Config;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.data.source.DataSources;
import org.protoface.eval.EvalConfig;
import org.protoface.eval.EvalResult;
import org.protoface.eval.EvaluationJob;
import org.protoface.eval.HeldOutData;
import org.protoface.infer.TorchEncoderModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** What happens after training in every command: save the encoder, evaluate it on held-out identities. */
public final class Experiment {
    private Experiment() {}

    public static Path saveModel(Encoder encoder, Path out) throws IOException {
        Path modelDir = out.resolve("model");
        EncoderIO.save(encoder, modelDir);
        return modelDir;
    }

    /**
     * Evaluates the trained encoder on held-out identities and writes {@code eval.json}; empty when
     * there is no held-out data (training on one's own data with {@code eval.data: auto}), after
     * printing one line that says how to get an evaluation. A finished training is a success either way.
     */
    public static Optional<EvalResult> evaluateIfHeldOut(Config cfg, Encoder encoder, Path out) throws IOException {
        EvalConfig evalCfg = cfg.get(EvalConfig.SECTION);
        HeldOutData.Choice heldOut = HeldOutData.forTraining(evalCfg, cfg.string("data", DataSources.DEFAULT), encoder.spec().inputSize());
        if (heldOut.data().isEmpty()) {
            System.out.println(heldOut.skipReason().replace("<out>", out.toString()));
            return Optional.empty();
        }
        return Optional.of(EvaluationJob.run(new TorchEncoderModel(encoder, out.resolve("model").toString()),
                heldOut.data().get(), evalCfg, out.resolve("eval.json")));
    }

    /** As {@link #evaluateIfHeldOut}, for callers that need a result: no held-out data is an error. */
    public static EvalResult evaluate(Config cfg, Encoder encoder, Path out) throws IOException {
        EvalConfig evalCfg = cfg.get(EvalConfig.SECTION);
        return EvaluationJob.run(new TorchEncoderModel(encoder, out.resolve("model").toString()),
                HeldOutData.open(evalCfg, cfg.string("data", DataSources.DEFAULT), encoder.spec().inputSize()), evalCfg, out.resolve("eval.json"));
    }
}
