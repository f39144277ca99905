package org.protoface.cli;

import org.protoface.infer.ColourOrder;
import org.protoface.infer.InputOverrides;
import org.protoface.onnx.InputMetadata;
import picocli.CommandLine.Option;

/**
 * The flags that state an ONNX model's input convention, for every command that takes
 * {@code --model}: they override (or, for models without ProtoFace's metadata, supply) mean, std,
 * colour order and crop size. Example, insightface's recognisers: {@code --input-mean 127.5
 * --input-std 127.5} (RGB, 112 x 112 from the graph).
 */
public final class ModelInputOptions {
    @Option(names = "--input-mean", paramLabel = "M[,M,M]",
            description = "ONNX models: per-channel mean on the 0..255 scale, model plane order (insightface: 127.5).")
    String mean;

    @Option(names = "--input-std", paramLabel = "S[,S,S]",
            description = "ONNX models: per-channel standard deviation on the 0..255 scale (insightface: 127.5).")
    String std;

    @Option(names = "--bgr", description = "ONNX models: the model reads its colour planes in BGR order (default: as its metadata says, else RGB).")
    boolean bgr;

    @Option(names = "--input-size", paramLabel = "PX", description = "ONNX models: crop side in pixels (default: metadata, else the graph's input).")
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
}
