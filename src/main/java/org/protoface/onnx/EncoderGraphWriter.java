package org.protoface.onnx;

import org.protoface.encoder.Weights;
import org.protoface.onnx.LayerGraph.Add;
import org.protoface.onnx.LayerGraph.BatchNorm;
import org.protoface.onnx.LayerGraph.Conv;
import org.protoface.onnx.LayerGraph.Flatten;
import org.protoface.onnx.LayerGraph.Layer;
import org.protoface.onnx.LayerGraph.Linear;
import org.protoface.onnx.LayerGraph.PRelu;
import org.protoface.onnx.LayerGraph.Ref;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.protoface.onnx.OnnxGraphBuilder.integer;
import static org.protoface.onnx.OnnxGraphBuilder.ints;
import static org.protoface.onnx.OnnxGraphBuilder.real;

/**
 * Translates recorded layers into ONNX nodes: Conv, BatchNormalization, PRelu, Add, Flatten and
 * Gemm, all of which mean the same from operator set 11 to 17.
 */
final class EncoderGraphWriter {
    private final OnnxGraphBuilder graph;
    private final Map<Integer, String> names = new HashMap<>();

    /**
     * @param graph     where nodes and constants go
     * @param inputName the ONNX value that stands for {@link LayerGraph#input()}
     */
    EncoderGraphWriter(OnnxGraphBuilder graph, String inputName) {
        this.graph = graph;
        names.put(0, inputName);
    }

    /** Writes every layer; the last one's output is named {@code outputName}. */
    void write(List<Layer> layers, Ref output, String outputName) {
        for (Layer layer : layers) {
            String out = layer.out().id() == output.id() ? outputName : graph.fresh(layer.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            names.put(layer.out().id(), out);
            if (layer instanceof Conv c) conv(c, out);
            else if (layer instanceof BatchNorm b) batchNorm(b, out);
            else if (layer instanceof PRelu p) graph.node("PRelu", List.of(name(p.in()), slope(p)), out);
            else if (layer instanceof Add a) graph.node("Add", List.of(name(a.a()), name(a.b())), out);
            else if (layer instanceof Flatten f) graph.node("Flatten", List.of(name(f.in())), out, integer("axis", 1));
            else if (layer instanceof Linear l) linear(l, out);
            else throw new IllegalStateException("no ONNX translation for " + layer.getClass().getSimpleName());
        }
        if (!names.containsKey(output.id()) || !names.get(output.id()).equals(outputName)) {
            throw new IllegalStateException("the described encoder's output is not produced by any layer");
        }
    }

    private void conv(Conv c, String out) {
        long k = c.weight().shape()[2];
        String w = constant(out + ".weight", c.weight());
        List<String> inputs = c.bias() == null ? List.of(name(c.in()), w) : List.of(name(c.in()), w, constant(out + ".bias", c.bias()));
        graph.node("Conv", inputs, out,
                ints("kernel_shape", k, k),
                ints("strides", c.stride(), c.stride()),
                ints("pads", c.padding(), c.padding(), c.padding(), c.padding()),
                ints("dilations", 1, 1),
                integer("group", c.groups()));
    }

    private void batchNorm(BatchNorm b, String out) {
        int n = b.channels();
        Weights scale = b.scale() != null ? b.scale() : filled(n, 1f);
        Weights shift = b.shift() != null ? b.shift() : filled(n, 0f);
        graph.node("BatchNormalization", List.of(name(b.in()), constant(out + ".scale", scale), constant(out + ".shift", shift),
                constant(out + ".mean", b.mean()), constant(out + ".var", b.var())), out, real("epsilon", (float) b.eps()));
    }

    /** Gemm with transB: y = x W^T + b, W stored as out x in like libtorch's Linear. */
    private void linear(Linear l, String out) {
        String w = constant(out + ".weight", l.weight());
        List<String> inputs = l.bias() == null ? List.of(name(l.in()), w) : List.of(name(l.in()), w, constant(out + ".bias", l.bias()));
        graph.node("Gemm", inputs, out, integer("transB", 1));
    }

    /** ONNX PRelu broadcasts the slope from the right: C x 1 x 1 for feature maps. */
    private String slope(PRelu p) {
        Weights s = p.slope();
        long[] shape = p.in().rank() == 4 ? new long[] {s.values().length, 1, 1} : new long[] {s.values().length};
        return graph.floats(graph.fresh("prelu_slope"), s.values(), shape);
    }

    private String constant(String name, Weights w) {
        return graph.floats(name, w.values(), w.shape());
    }

    private static Weights filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return new Weights(a, new long[] {n});
    }

    private String name(Ref r) {
        String n = names.get(r.id());
        if (n == null) throw new IllegalStateException("value " + r.id() + " is used before any layer produces it");
        return n;
    }
}
