package org.protoface.cli;

import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.infer.Models;
import org.protoface.onnx.EncoderExport;
import org.protoface.onnx.ExportCheck;
import org.protoface.onnx.ExportOptions;
import org.protoface.onnx.OnnxGraphBuilder;
import org.protoface.torch.Torch;
import org.protoface.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code protoface export}: writes a trained encoder as an ONNX model (input {@code [B, 3, S, S]} float32 RGB,
 * output {@code [B, d]} raw embeddings) and checks it in ONNX Runtime against libtorch; exit code 1 when the
 * largest absolute difference is above 1e-4. See "Export and ONNX models" in README.md and docs/onnx.md.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a trained encoder as an ONNX model (input B x 3 x S x S float32 RGB, output B x d raw embeddings; "
                + "mean, std, input_size, embedding_size and colour_order in its metadata), then run it in ONNX Runtime on "
                + "synthetic faces and compare with libtorch: prints the largest absolute difference, exits 1 above 1e-4."})
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A trained encoder (a run's model/ folder, or the run folder).")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "Where to write the ONNX model (written atomically).")
    Path out;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "" + ExportOptions.DEFAULT_OPSET,
            description = "ONNX operator set, " + OnnxGraphBuilder.MIN_OPSET + ".." + OnnxGraphBuilder.MAX_OPSET + " (default: ${DEFAULT-VALUE}).")
    int opset;

    @Option(names = "--batch", paramLabel = "dynamic|K", defaultValue = "dynamic",
            description = "Batch dimension: 'dynamic' (any batch size) or a fixed size K (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--normalise-input",
            description = "Put the normalisation into the graph: the model then takes pixel values 0..255 (metadata mean 0, std 1).")
    boolean normaliseInput;

    @Option(names = "--no-fold", description = "Keep every BatchNorm as its own node instead of folding it into the neighbouring Conv/Gemm.")
    boolean noFold;

    @Option(names = "--check-images", paramLabel = "N", defaultValue = "" + ExportCheck.DEFAULT_IMAGES,
            description = "Synthetic faces for the ONNX Runtime check (default: ${DEFAULT-VALUE}).")
    int checkImages;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ExportOptions options = new ExportOptions(opset, parseBatch(batch), normaliseInput, !noFold);
        if (checkImages < 1) throw new IllegalArgumentException("--check-images must be at least 1, got " + checkImages);
        AtomicFiles.requireWritable(out);
        Torch.init();
        Path dir = Models.torchModelFolder(model);
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(model + ": not a ProtoFace model folder (export takes a trained encoder)");
        Encoder encoder = EncoderIO.load(dir);
        PrintWriter console = spec.commandLine().getOut();
        try {
            ExportCheck.Result r = EncoderExport.exportChecked(encoder, options, out, checkImages, ExportCheck.TOLERANCE, Torch.threads());
            console.printf(Locale.ROOT, "exported %s to %s (%d bytes, opset %d, %s%s)%n", EncoderIO.summary(encoder), out,
                    Files.size(out), opset, options.dynamicBatch() ? "dynamic batch" : "batch fixed at " + options.batch(),
                    normaliseInput ? ", normalisation in the graph" : "");
            console.printf(Locale.ROOT, "ONNX Runtime vs libtorch on %d synthetic faces (batch %d): max abs difference %.3g "
                    + "(largest embedding value %.3g; limit %.0e)%n", r.images(), r.batch(), r.maxAbsDifference(), r.maxAbsValue(),
                    ExportCheck.TOLERANCE);
            return 0;
        } catch (EncoderExport.CheckFailedException e) {
            spec.commandLine().getErr().println("protoface: " + e.getMessage());
            return 1;
        }
    }

    /** "dynamic" -> 0, else a positive batch size. */
    static int parseBatch(String text) {
        if ("dynamic".equalsIgnoreCase(text.trim())) return 0;
        try {
            int k = Integer.parseInt(text.trim());
            if (k >= 1) return k;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--batch must be 'dynamic' or a positive number, got '" + text + "'");
    }
}
