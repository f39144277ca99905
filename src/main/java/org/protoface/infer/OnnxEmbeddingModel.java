package org.protoface.infer;

import org.protoface.onnx.InputMetadata;
import org.protoface.onnx.OnnxSession;
import org.protoface.torch.Torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An ONNX recogniser run by ONNX Runtime (CPU) as an {@link EmbeddingModel}: ProtoFace's own
 * exports and other people's, such as insightface's published ArcFace models.
 *
 * <p>The input convention comes from the model's metadata ({@link InputMetadata}, which
 * ProtoFace's exporter writes), with any part the user states ({@link InputOverrides}) taking
 * precedence; a model with no metadata needs at least mean and std from the user. insightface's
 * recognisers, for example, carry no metadata and take (v - 127.5) / 127.5, RGB, 112 x 112,
 * i.e. {@code --input-mean 127.5 --input-std 127.5}. The crop size falls back to the graph's fixed
 * input size. Output: the model's first output, B x d (trailing 1 x 1 dimensions allowed; any other shape, such as a feature map, is refused naming the output and its shape), taken
 * as raw embeddings. A model with a fixed batch size is fed exactly that many crops per call.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel {
    private final OnnxSession session;
    private final InputSpec input;
    private final String output;
    private final int fixedBatch;
    private final int embeddingSize;
    private final String fingerprint;

    private OnnxEmbeddingModel(OnnxSession session, InputSpec input, String fingerprint) {
        this.session = session;
        this.input = input;
        this.fingerprint = fingerprint;
        this.output = session.outputNames().get(0);
        long[] in = session.inputShape();
        fixedBatch = in[0] > 0 ? (int) in[0] : 0;
        embeddingSize = probeEmbeddingSize();
    }

    /**
     * Opens an ONNX recogniser.
     *
     * @param threads ONNX Runtime intra-op threads; 0 follows {@code -Dprotoface.torch.threads} or
     *                else ONNX Runtime's default
     * @throws IOException              naming the file when it is missing or cannot be loaded
     * @throws IllegalArgumentException naming the file when the input convention is unknown or
     *                                  contradicts the graph (4-D float input N x 3 x S x S expected)
     */
    public static OnnxEmbeddingModel open(Path file, InputOverrides overrides, int threads) throws IOException {
        int t = threads > 0 ? threads : Integer.getInteger(Torch.THREADS_PROPERTY, 0);
        OnnxSession session = OnnxSession.open(file, t);
        try {
            InputSpec spec = resolveInput(session, overrides == null ? InputOverrides.none() : overrides);
            return new OnnxEmbeddingModel(session, spec, fingerprint(file, spec));
        } catch (RuntimeException | IOException e) {
            session.close();
            throw e;
        }
    }

    /** Metadata, then the user's overrides, then the graph's fixed input size. */
    static InputSpec resolveInput(OnnxSession session, InputOverrides o) {
        String source = session.file().toString();
        long[] shape = session.inputShape();
        if (shape.length != 4 || (shape[1] > 0 && shape[1] != 3)) {
            throw new IllegalArgumentException(source + ": input '" + session.inputName() + "' has shape " + Arrays.toString(shape)
                    + "; a face recogniser takes N x 3 x S x S");
        }
        Optional<InputMetadata> meta = InputMetadata.read(session.metadata(), source);
        double[] mean = o.mean() != null ? o.mean() : meta.map(InputMetadata::mean).orElse(null);
        double[] std = o.std() != null ? o.std() : meta.map(InputMetadata::std).orElse(null);
        if (mean == null || std == null) {
            throw new IllegalArgumentException(source + ": the model's metadata does not state its input normalisation; give "
                    + (mean == null ? "--input-mean " : "") + (std == null ? "--input-std " : "")
                    + "(insightface recognisers: --input-mean 127.5 --input-std 127.5)");
        }
        ColourOrder order = o.colourOrder() != null ? o.colourOrder()
                : meta.map(m -> ColourOrder.valueOf(m.colourOrder())).orElse(ColourOrder.RGB);
        int graphSize = shape[2] > 0 && shape[2] == shape[3] ? (int) shape[2] : 0;
        int size = o.size() > 0 ? o.size() : meta.map(InputMetadata::size).filter(s -> s > 0).orElse(graphSize);
        if (size == 0) {
            throw new IllegalArgumentException(source + ": input size unknown (dynamic in the graph, not in the metadata); give --input-size");
        }
        if ((shape[2] > 0 && shape[2] != size) || (shape[3] > 0 && shape[3] != size)) {
            throw new IllegalArgumentException(source + ": input size " + size + " does not fit the graph's input "
                    + Arrays.toString(shape));
        }
        return new InputSpec(size, mean, std, order);
    }

    /** sha256 over the file's bytes and the input convention it is used with. */
    static String fingerprint(Path file, InputSpec spec) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            sha.update(spec.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The output's declared width, or one run on a blank crop when the graph leaves it open. The
     * output must be B x d, or B x d x 1 x ... x 1: a feature map (say N x 3 x 32 x 32) is not an
     * embedding and is refused, declared or as run.
     */
    private int probeEmbeddingSize() {
        long[] shape = session.outputShape(output);
        requireEmbeddingShape(shape, "declared");
        if (shape[1] > 0 && trailingOnes(shape)) return (int) shape[1];
        int n = Math.max(1, fixedBatch);
        int s = input.size();
        OnnxSession.Output out = session.run(new float[n * 3 * s * s], n, 3, s, s).get(output);
        requireEmbeddingShape(out.shape(), "as run");
        return (int) out.shape()[1];
    }

    /** Refuses an output that is not B x d with trailing 1s; dimensions of -1 (symbolic) pass until run. */
    private void requireEmbeddingShape(long[] shape, String how) {
        boolean ok = shape.length >= 2;
        for (int i = 2; ok && i < shape.length; i++) ok = shape[i] == 1 || shape[i] < 0;
        if (!ok) {
            throw new IllegalArgumentException(session.file() + ": output '" + output + "' has shape " + Arrays.toString(shape) + " (" + how
                    + "); a face recogniser's output is B x d embeddings (trailing dimensions of 1 allowed). Is this a recogniser?");
        }
    }

    private static boolean trailingOnes(long[] shape) {
        for (int i = 2; i < shape.length; i++) if (shape[i] != 1) return false;
        return true;
    }

    @Override
    public InputSpec input() {
        return input;
    }

    @Override
    public int embeddingSize() {
        return embeddingSize;
    }

    @Override
    public float[][] embedRaw(float[] standardChw, int n) {
        float[] pixels = input.fromStandard(standardChw, n);
        int s = input.size(), per = 3 * s * s, d = embeddingSize;
        float[][] out = new float[n][d];
        int step = fixedBatch > 0 ? fixedBatch : Math.max(n, 1);
        for (int from = 0; from < n; from += step) {
            int m = Math.min(step, n - from);
            int b = fixedBatch > 0 ? fixedBatch : m;
            float[] chunk = new float[b * per];
            System.arraycopy(pixels, from * per, chunk, 0, m * per);   // a fixed-batch model's spare rows stay zero
            OnnxSession.Output o = session.run(chunk, b, 3, s, s).get(output);
            requireEmbeddingShape(o.shape(), "as run");
            if (o.values().length != (long) b * d) {
                throw new IllegalArgumentException(session.file() + ": output '" + output + "' has shape " + Arrays.toString(o.shape())
                        + " for a batch of " + b + "; expected " + b + " x " + d);
            }
            for (int i = 0; i < m; i++) System.arraycopy(o.values(), i * d, out[from + i], 0, d);
        }
        return out;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String describe() {
        return "onnx " + session.file() + " (" + input + ", d = " + embeddingSize + ")";
    }

    @Override
    public void close() {
        session.close();
    }
}
