package org.protoface.cli;

import org.protoface.infer.ColourOrder;
import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.InputOverrides;
import org.protoface.infer.Models;
import org.protoface.onnx.InputMetadata;
import org.protoface.torch.Precision;
import org.protoface.torch.Torch;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The flags that state an ONNX model's input convention, for every command that takes
 * {@code --model}: they override (or, for models without ProtoFace's metadata, supply) mean, std,
 * colour order and crop size. {@link #open} is how every such command opens its model, so they all
 * accept the same models and fail with the same messages. Example, insightface's recognisers: {@code --input-mean 127.5
 * --input-std 127.5} (RGB, 112 x 112 from the graph).
 */
public final class ModelInputOptions {
    @Option(names = "--input-mean", paramLabel = "M[,M,M]",
            description = "ONNX --model only: per-channel mean on the 0..255 scale, model plane order (insightface: 127.5).")
    String mean;

    @Option(names = "--input-std", paramLabel = "S[,S,S]",
            description = "ONNX --model only: per-channel standard deviation on the 0..255 scale (insightface: 127.5).")
    String std;

    @Option(names = "--bgr", description = "ONNX --model only: the model reads its colour planes in BGR order (default: as its metadata says, else RGB).")
    boolean bgr;

    @Option(names = "--input-size", paramLabel = "PX", description = "ONNX --model only: crop side in pixels (default: metadata, else the graph's input).")
    int size;

    /**
     * @throws IllegalArgumentException naming the flag when a value is malformed
     */
    public InputOverrides overrides() {
        return new InputOverrides(
                mean == null ? null : InputMetadata.channels(mean, "--input-mean", "command line"),
                std == null ? null : InputMetadata.channels(std, "--input-std", "command line"),
                bgr ? ColourOrder.BGR : null,
                size);
    }

    /**
     * Opens {@code --model} (a ProtoFace model folder or an ONNX recogniser) with these flags, as
     * {@link Models#open(Path, InputOverrides)} does; initialises libtorch first.
     *
     * @throws IllegalArgumentException naming {@code --model} when nothing is at the path, or naming
     *                                  the flag or file when the input convention is malformed, unknown or given for a model folder
     * @throws IOException              naming the file when it is not a model ProtoFace can read
     */
    public EmbeddingModel open(Path model) throws IOException {
        return open(model, Precision.FP32);
    }

    /**
     * Opens {@code --model} as {@link #open(Path)} does; a ProtoFace encoder's forward runs in
     * {@code precision} (ONNX models run as their graph says).
     *
     * @throws IllegalArgumentException as {@link #open(Path)}
     * @throws IOException              as {@link #open(Path)}
     */
    public EmbeddingModel open(Path model, Precision precision) throws IOException {
        InputOverrides overrides = overrides();
        if (!Files.exists(model)) throw new IllegalArgumentException("--model " + model + ": no such model folder or .onnx file");
        Torch.init();
        return Models.open(model, overrides, precision);
    }
}
