package org.protoface.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import onnx.Onnx.ModelProto;
import org.bytedeco.pytorch.NoGradGuard;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.encoder.GraphSink;
import org.protoface.onnx.OnnxGraphBuilder.Dim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a ProtoFace encoder as an ONNX graph from its own description ({@link Encoder#describe}):
 * input {@value #INPUT} (B x 3 x S x S float32, RGB), output {@value #OUTPUT} (B x d raw
 * embeddings, not L2-normalised). The input convention goes into {@code metadata_props}
 * ({@link InputMetadata}: mean and std 127.5 on the 0..255 scale, RGB, the crop size), with the
 * embedding size, the encoder spec as JSON and whether the graph normalises its input itself.
 */
public final class OnnxExporter {
    public static final String INPUT = "input";
    public static final String OUTPUT = "embedding";
    public static final String PRODUCER = "ProtoFace";
    /** ProtoFace's encoders are trained on (v - 127.5) / 127.5 per channel, RGB ({@link Encoder}). */
    static final double TRAINING_MEAN = 127.5, TRAINING_STD = 127.5;

    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private OnnxExporter() {}

    /**
     * @throws IllegalArgumentException for options the exporter cannot honour
     * @throws UnsupportedOperationException when the encoder cannot describe itself
     */
    public static ModelProto export(Encoder encoder, ExportOptions options) {
        EncoderSpec spec = encoder.spec();
        LayerGraph layers = new LayerGraph();
        GraphSink.Value out;
        try (NoGradGuard noGrad = new NoGradGuard()) {
            out = encoder.describe(layers, layers.input());
        }
        if (!(out instanceof LayerGraph.Ref output)) throw new IllegalStateException("encoder described an output the graph did not issue");
        List<LayerGraph.Layer> list = options.foldBatchNorm() ? BatchNormFolding.fold(layers.layers(), output) : layers.layers();

        int s = spec.inputSize();
        Dim batch = options.dynamicBatch() ? Dim.named("batch") : Dim.of(options.batch());
        OnnxGraphBuilder graph = new OnnxGraphBuilder(Encoders.name(spec));
        graph.input(INPUT, batch, Dim.of(3), Dim.of(s), Dim.of(s));
        String first = INPUT;
        if (options.normaliseInput()) {
            String mean = graph.floats("input_mean", new float[] {(float) TRAINING_MEAN, (float) TRAINING_MEAN, (float) TRAINING_MEAN}, 1, 3, 1, 1);
            String std = graph.floats("input_std", new float[] {(float) TRAINING_STD, (float) TRAINING_STD, (float) TRAINING_STD}, 1, 3, 1, 1);
            first = graph.node("Div", List.of(graph.node("Sub", List.of(INPUT, mean), "input_centred"), std), "input_normalised");
        }
        new EncoderGraphWriter(graph, first).write(list, output, OUTPUT);
        graph.output(OUTPUT, batch, Dim.of(spec.embeddingSize()));
        return graph.build(options.opset(), PRODUCER, producerVersion(), docString(encoder, options), metadata(spec, options));
    }

    /** The metadata the exporter writes (see the class comment); public so that the README and tests agree on it. */
    public static Map<String, String> metadata(EncoderSpec spec, ExportOptions options) {
        double m = options.normaliseInput() ? 0.0 : TRAINING_MEAN, sd = options.normaliseInput() ? 1.0 : TRAINING_STD;
        Map<String, String> p = new LinkedHashMap<>(
                new InputMetadata(spec.inputSize(), new double[] {m, m, m}, new double[] {sd, sd, sd}, "RGB").toProperties());
        p.put(InputMetadata.EMBEDDING_SIZE, Integer.toString(spec.embeddingSize()));
        p.put("embedding_normalised", "false");
        p.put("normalisation_in_graph", Boolean.toString(options.normaliseInput()));
        p.put("batchnorm_folded", Boolean.toString(options.foldBatchNorm()));
        try {
            p.put("encoder_spec", JSON.writeValueAsString(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the encoder spec as JSON", e);
        }
        return p;
    }

    private static String docString(Encoder encoder, ExportOptions options) {
        int s = encoder.spec().inputSize();
        return "ProtoFace face encoder " + EncoderIO.summary(encoder) + ". Input: B x 3 x " + s + " x " + s + " float32 RGB, "
                + (options.normaliseInput() ? "pixel values 0..255 (normalised inside the graph)" : "(v - 127.5) / 127.5 per channel")
                + ". Output: B x " + encoder.spec().embeddingSize() + " raw embeddings; L2-normalise before comparing with cosine.";
    }

    private static String producerVersion() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
