package org.protoface.infer;

import org.protoface.torch.Precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens the model a command names with {@code --model}: a ProtoFace model folder (a run's
 * {@code model/} with {@code encoder.json} and {@code encoder.pt}, or the run folder itself), or
 * an ONNX recogniser file ({@code .onnx}, run by ONNX Runtime: {@link OnnxEmbeddingModel}).
 */
public final class Models {
    private Models() {}

    /** The folder holding encoder.json: {@code path/model} for a run folder, else {@code path} itself. */
    public static Path torchModelFolder(Path path) {
        return Files.isRegularFile(path.resolve("model").resolve("encoder.json")) ? path.resolve("model") : path;
    }

    /**
     * Opens a model with the input convention it states itself.
     *
     * @throws IOException naming the path when it is not a model ProtoFace can read
     */
    public static EmbeddingModel open(Path path) throws IOException {
        return open(path, InputOverrides.none(), Precision.FP32);
    }

    /**
     * Opens a model; {@code overrides} (the {@code --input-*} and {@code --bgr} flags) apply to ONNX
     * files, whose metadata may not state the input convention. A ProtoFace encoder embeds in float32.
     *
     * @throws IOException              naming the path when it is not a model ProtoFace can read
     * @throws IllegalArgumentException when overrides are given for a ProtoFace model folder, or an
     *                                  ONNX model's input convention is unknown
     */
    public static EmbeddingModel open(Path path, InputOverrides overrides) throws IOException {
        return open(path, overrides, Precision.FP32);
    }

    /**
     * Opens a model as {@link #open(Path, InputOverrides)} does; a ProtoFace encoder's forward runs
     * in {@code precision} (see {@link TorchEncoderModel}). ONNX models run as ONNX Runtime runs
     * them, whatever {@code precision} says: their graph fixes the arithmetic.
     *
     * @throws IOException              naming the path when it is not a model ProtoFace can read
     * @throws IllegalArgumentException when overrides are given for a ProtoFace model folder, or an
     *                                  ONNX model's input convention is unknown
     */
    public static EmbeddingModel open(Path path, InputOverrides overrides, Precision precision) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no model here");
        if (Files.isDirectory(path)) {
            if (overrides != null && overrides.any()) {
                throw new IllegalArgumentException(path + ": --input-mean, --input-std, --bgr and --input-size apply to .onnx models; "
                        + "a ProtoFace model folder states its own input convention");
            }
            return TorchEncoderModel.load(torchModelFolder(path), precision);
        }
        if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            return OnnxEmbeddingModel.open(path, overrides, 0);
        }
        throw new IOException(path + ": not a model ProtoFace can read (expected a model folder with encoder.json and encoder.pt, "
                + "or an .onnx file)");
    }
}
