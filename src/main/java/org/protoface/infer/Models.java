package org.protoface.infer;

import org.protoface.torch.Precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens the model a command names with {@code --model}: a ProtoFace model folder (a run's
 * {@code model/} with {@code encoder.json} and {@code encoder.pt}, or the run folder itself).
 */
public final class Models {
    private Models() {}

    /**
     * @throws IOException naming the path when it is not a model ProtoFace can read
     */
    public static EmbeddingModel open(Path path) throws IOException {
        return open(path, Precision.FP32);
    }

    /**
     * Opens the model to embed in {@code precision} (a ProtoFace encoder's forward; see
     * {@link TorchEncoderModel}).
     *
     * @throws IOException naming the path when it is not a model ProtoFace can read
     */
    public static EmbeddingModel open(Path path, Precision precision) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no model here");
        if (Files.isDirectory(path)) {
            Path dir = Files.isRegularFile(path.resolve("model").resolve("encoder.json")) ? path.resolve("model") : path;
            return TorchEncoderModel.load(dir, precision);
        }
        throw new IOException(path + ": not a ProtoFace model folder (expected a folder with encoder.json and encoder.pt)");
    }
}
