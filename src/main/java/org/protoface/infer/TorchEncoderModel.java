package org.protoface.infer;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.torch.Autocast;
import org.protoface.torch.Device;
import org.protoface.torch.Precision;
import org.protoface.torch.Tensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A ProtoFace encoder (libtorch) as an {@link EmbeddingModel}: forward passes in inference mode
 * (BatchNorm running statistics, no dropout, no autograd); the encoder's training flag is restored
 * after each call, so the model being trained can be evaluated in place.
 *
 * <p>The forward runs in the precision it was built with (the run's {@code train.precision}, so a
 * model trained in bf16 is evaluated the way it trained): bf16 autocast on channels-last images,
 * the embeddings returned as float32. Inference here runs on the CPU, which has no fast float16
 * kernels, so fp16 is evaluated in fp32.
 */
public final class TorchEncoderModel implements EmbeddingModel {
    private final Encoder encoder;
    private final InputSpec input;
    private final String source;
    private final Precision precision;
    private String fingerprint;

    /**
     * @param encoder the network; its spec gives the input size and embedding size
     * @param source  where it came from, for messages (a folder, or "training")
     */
    public TorchEncoderModel(Encoder encoder, String source) {
        this(encoder, source, Precision.FP32);
    }

    /**
     * @param precision the arithmetic of the forward pass (fp16 runs as fp32, see the class comment)
     */
    public TorchEncoderModel(Encoder encoder, String source, Precision precision) {
        this.encoder = encoder;
        this.input = InputSpec.standard(encoder.spec().inputSize());
        this.source = source;
        this.precision = precision == Precision.FP16 ? Precision.FP32 : precision;
    }

    /**
     * Loads a saved encoder folder ({@code encoder.json} + {@code encoder.pt}).
     *
     * @throws IOException naming the file that is missing or does not match
     */
    public static TorchEncoderModel load(Path dir) throws IOException {
        return load(dir, Precision.FP32);
    }

    /** Loads a saved encoder folder that will embed in {@code precision}. */
    public static TorchEncoderModel load(Path dir, Precision precision) throws IOException {
        return new TorchEncoderModel(EncoderIO.load(dir), dir.toString(), precision);
    }

    /** The network this model runs (shared, not a copy). */
    public Encoder encoder() {
        return encoder;
    }

    @Override
    public InputSpec input() {
        return input;
    }

    @Override
    public int embeddingSize() {
        return encoder.spec().embeddingSize();
    }

    @Override
    public float[][] embedRaw(float[] standardChw, int n) {
        int s = input.size();
        float[] pixels = input.fromStandard(standardChw, n);
        boolean wasTraining = encoder.is_training();
        encoder.train(false);
        try (TensorScope scope = TensorScope.open(); NoGradGuard noGrad = new NoGradGuard();
             Autocast autocast = precision.autocast(Device.CPU)) {
            Tensor e = encoder.forward(precision.prepareImages(Tensors.of(pixels, n, 3, s, s)));
            // float32 out whatever the precision (Tensors.floats converts)
            return rows(Tensors.floats(e), n);
        } finally {
            encoder.train(wasTraining);
        }
    }

    /**
     * SHA-256 over the encoder spec, the input convention and every parameter and buffer (name,
     * shape, float32 values) in registration order. Computed once; an encoder still being trained
     * should not be fingerprinted.
     */
    @Override
    public synchronized String fingerprint() {
        if (fingerprint == null) fingerprint = digest();
        return fingerprint;
    }

    private String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(encoder.spec().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(input.toString().getBytes(StandardCharsets.UTF_8));
            try (TensorScope scope = TensorScope.open()) {
                for (StringTensorDict dict : List.of(encoder.named_parameters(), encoder.named_buffers())) {
                    StringVector keys = dict.keys();
                    for (long i = 0; i < keys.size(); i++) {
                        String name = keys.get(i).getString();
                        Tensor t = dict.get(name);
                        sha.update(name.getBytes(StandardCharsets.UTF_8));
                        for (long side : Tensors.shape(t)) sha.update(ByteBuffer.allocate(8).putLong(side).array());
                        float[] values = Tensors.floats(t);
                        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                        buf.asFloatBuffer().put(values);
                        sha.update(buf.array());
                    }
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String describe() {
        return EncoderIO.summary(encoder) + " (" + source + (precision.mixed() ? ", " + precision + " autocast" : "") + ")";
    }

    @Override
    public String precision() {
        return precision.key();
    }

    static float[][] rows(float[] flat, int n) {
        int d = n == 0 ? 0 : flat.length / n;
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }
}
