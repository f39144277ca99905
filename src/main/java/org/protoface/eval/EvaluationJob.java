package org.protoface.eval;

import org.protoface.data.FaceDataset;
import org.protoface.encoder.Encoder;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Evaluates an encoder on a held-out dataset with the LFW-like protocol and writes
 * a JSON report and a ROC plot. Shared by {@code train} (at the end of a
 * run) and {@code eval}.
 */
public final class EvaluationJob {
    private EvaluationJob() {}

    /** Writes the result to {@code json} and the ROC plot next to it ({@code roc.png} for {@code eval.json}). */
    public static EvalResult run(Encoder encoder, FaceDataset heldOut, EvalConfig cfg, Path json) throws IOException {
        Embedder model = new EncoderEmbedder(encoder, heldOut, cfg.flip());
        Embedder raw = cfg.baseline() ? new RawPixelEmbedder(heldOut) : null;
        EvalResult result = new VerificationEvaluator(model, raw, cfg.flip())
                .evaluate(heldOut.identityCount(), heldOut::imageCount, cfg.settings());
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        Path png = json.resolveSibling(name.equals("eval") ? "roc.png" : name + "-roc.png");
        RocPlot.write(png, "ROC on held-out identities", result.rocCurves(), 900, 650);
        EvalReport.write(result, json, png);
        return result;
    }
}
