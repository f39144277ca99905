package org.protoface.eval;

import org.protoface.data.FaceDataset;
import org.protoface.infer.EmbeddingModel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Evaluates an embedding model on a held-out dataset with the LFW-like protocol and writes
 * a JSON report and a ROC plot. Shared by {@code train} (at the end of a
 * run) and {@code eval}.
 */
public final class EvaluationJob {
    private EvaluationJob() {}

    /** Writes the result to {@code json} and the ROC plot next to it ({@code roc.png} for {@code eval.json}). */
    public static EvalResult run(EmbeddingModel model, FaceDataset heldOut, EvalConfig cfg, Path json) throws IOException {
        Embedder embedder = new ModelEmbedder(model, heldOut, cfg.flip());
        Embedder raw = cfg.baseline() ? new RawPixelEmbedder(heldOut) : null;
        EvalResult result = new VerificationEvaluator(embedder, raw, cfg.flip())
                .evaluate(heldOut.identityCount(), heldOut::imageCount, cfg.settings());
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        Path png = json.resolveSibling(name.equals("eval") ? "roc.png" : name + "-roc.png");
        RocPlot.write(png, "ROC on held-out identities", result.rocCurves(), 900, 650);
        EvalReport.write(result, json, png, model.precision());
        return result;
    }
}
