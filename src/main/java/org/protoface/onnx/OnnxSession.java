package org.protoface.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.protoface.torch.NativeErrors;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime (CPU) session over a model file with a single float32 input: what the input
 * and outputs look like, the model's metadata, and a run that takes and returns plain arrays.
 * Not thread-safe; use one per thread.
 */
public final class OnnxSession implements AutoCloseable {
    /** Loaded on first use: starting ONNX Runtime unpacks its native library. */
    private static final class OrtRuntime {
        static final OrtEnvironment ENV = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "protoface");
    }

    private final Path file;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final Map<String, long[]> outputShapes = new LinkedHashMap<>();
    private final Map<String, String> metadata;

    /** An output tensor copied out of the runtime: row-major float32 values and the shape. */
    public record Output(float[] values, long[] shape) {}

    private OnnxSession(Path file, OrtSession session) throws OrtException {
        this.file = file;
        this.session = session;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected a model with one input, found " + inputs.size() + " " + inputs.keySet());
        }
        NodeInfo in = inputs.values().iterator().next();
        inputName = in.getName();
        inputShape = tensorShape(in, "input");
        for (NodeInfo out : session.getOutputInfo().values()) outputShapes.put(out.getName(), tensorShape(out, "output"));
        metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    }

    /**
     * Loads a model.
     *
     * @param threads intra-op threads, or 0 for ONNX Runtime's default (one per core)
     * @throws NoSuchFileException when the file is missing
     * @throws IOException         naming the file when ONNX Runtime cannot load it
     * @throws IllegalArgumentException naming the file when it does not have exactly one float32 input
     */
    public static OnnxSession open(Path file, int threads) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no ONNX model file here");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            OrtSession session = OrtRuntime.ENV.createSession(file.toString(), options);
            try {
                return new OnnxSession(file, session);
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IOException(file + ": ONNX Runtime cannot load this model: " + NativeErrors.firstLine(e.getMessage(), "unknown error"), e);
        }
    }

    /** The {@code .onnx} file this session was loaded from. */
    public Path file() {
        return file;
    }

    /** Name of the graph's (single) input. */
    public String inputName() {
        return inputName;
    }

    /** The declared input shape; -1 marks a symbolic (dynamic) dimension. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Output names in the model's order. */
    public List<String> outputNames() {
        return new ArrayList<>(outputShapes.keySet());
    }

    /** The declared shape of an output; -1 marks a symbolic dimension. */
    public long[] outputShape(String name) {
        long[] s = outputShapes.get(name);
        if (s == null) throw new IllegalArgumentException(file + ": no output named '" + name + "'");
        return s.clone();
    }

    /** {@code metadata_props} of the model (empty when it has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Runs the model on one input tensor.
     *
     * @param input row-major float32 values of {@code shape}
     * @return every output by name, in the model's order
     * @throws IllegalArgumentException naming the file when the runtime rejects the input (wrong
     *                                  shape) or an output is not float32
     */
    public Map<String, Output> run(float[] input, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        if (n != input.length) throw new IllegalArgumentException(input.length + " input values for shape " + Arrays.toString(shape));
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.ENV, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            Map<String, Output> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : result) {
                if (!(e.getValue() instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new IllegalArgumentException(file + ": output '" + e.getKey() + "' is not a float32 tensor");
                }
                FloatBuffer buf = t.getFloatBuffer();
                float[] values = new float[buf.remaining()];
                buf.get(values);
                outputs.put(e.getKey(), new Output(values, t.getInfo().getShape()));
            }
            return outputs;
        } catch (OrtException e) {
            throw new IllegalArgumentException(file + ": ONNX Runtime failed on input " + Arrays.toString(shape) + ": "
                    + NativeErrors.firstLine(e.getMessage(), "unknown error"), e);
        }
    }

    private long[] tensorShape(NodeInfo info, String what) {
        if (!(info.getInfo() instanceof TensorInfo t)) {
            throw new IllegalArgumentException(file + ": " + what + " '" + info.getName() + "' is not a tensor");
        }
        if (what.equals("input") && t.type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException(file + ": input '" + info.getName() + "' is " + t.type + ", expected float32");
        }
        return t.getShape();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(file + ": closing the ONNX Runtime session failed", e);
        }
    }
}
