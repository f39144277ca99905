package org.protoface.eval;

import org.protoface.data.FaceDataset;
import org.protoface.encoder.Encoder;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Evaluates an encoder on a held-out dataset with the LFW-like protocol and writes
 * {@code eval.json} and {@code roc.png} into a folder. Shared by {@code train} (at the end of a
 * run) and {@code eval}.
 */
public final class EvaluationJob {
    private EvaluationJob() {}

    public static EvalResult run(Encoder encoder, FaceDataset heldOut, EvalConfig cfg, Path outDir) throws IOException {
        Embedder model = new EncoderEmbedder(encoder, heldOut, cfg.flip());
        Embedder raw = cfg.baseline() ? new RawPixelEmbedder(heldOut) : null;
        EvalResult result = new VerificationEvaluator(model, raw, cfg.flip())
                .evaluate(heldOut.identityCount(), heldOut::imageCount, cfg.settings());
        EvalReport.write(result, outDir.resolve("eval.json"), outDir.resolve("roc.png"));
        return result;
    }
}
