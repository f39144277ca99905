package org.protoface.onnx;

import com.google.protobuf.ByteString;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles an ONNX model (the message classes generated from ONNX's own {@code onnx.proto}):
 * float32 graph inputs and outputs, initializers, nodes with attributes, the operator set and
 * metadata. Knows nothing about encoders; the exporter and tests that build small graphs use it.
 *
 * <p>Operator sets 11 to 17 are accepted (the range of the {@code onnx.proto} shipped with
 * ProtoFace, ONNX 1.12); the IR version is the one ONNX pairs with the operator set.
 */
public final class OnnxGraphBuilder {
    /** Lowest and highest default-domain operator set the builder writes. */
    public static final int MIN_OPSET = 11, MAX_OPSET = 17;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int counter;

    /** A dimension of a graph input or output: a fixed size or a named symbolic one ({@code dim_param}). */
    public record Dim(long size, String param) {
        /** A fixed dimension of {@code size} elements. */
        public static Dim of(long size) {
            return new Dim(size, null);
        }

        /** A symbolic dimension named {@code param} (e.g. "batch"); its size is -1 here. */
        public static Dim named(String param) {
            return new Dim(-1, param);
        }
    }

    /** An empty graph named {@code graphName}. */
    public OnnxGraphBuilder(String graphName) {
        graph.setName(graphName);
    }

    /** A name not used yet in this graph, {@code prefix_N} (claimed when a node, input or constant takes it). */
    public String fresh(String prefix) {
        String name;
        do {
            name = prefix + "_" + counter++;
        } while (names.contains(name));
        return name;
    }

    /** Declares a float32 graph input. */
    public OnnxGraphBuilder input(String name, Dim... dims) {
        claim(name);
        graph.addInput(valueInfo(name, dims));
        return this;
    }

    /** Declares a float32 graph output (a value some node produces). */
    public OnnxGraphBuilder output(String name, Dim... dims) {
        graph.addOutput(valueInfo(name, dims));
        return this;
    }

    /** Adds a float32 constant (stored little-endian in {@code raw_data}) and returns its name. */
    public String floats(String name, float[] values, long... shape) {
        requireCount(values.length, shape);
        claim(name);
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, shape, buf.array()));
        return name;
    }

    /** Adds an int64 constant (shapes for Reshape, axes) and returns its name. */
    public String longs(String name, long[] values, long... shape) {
        requireCount(values.length, shape);
        claim(name);
        ByteBuffer buf = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.INT64, shape, buf.array()));
        return name;
    }

    /**
     * Adds a node of the default domain.
     *
     * @param output name of its single output (must be new)
     * @return {@code output}
     */
    public String node(String opType, List<String> inputs, String output, AttributeProto... attributes) {
        claim(output);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(output).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return output;
    }

    /** An INTS attribute (e.g. a Conv's {@code kernel_shape} or {@code pads}). */
    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    /** An INT attribute (e.g. a Conv's {@code group}). */
    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A FLOAT attribute (e.g. BatchNormalization's {@code epsilon}). */
    public static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** A constant tensor attribute (the Constant operator's {@code value}). */
    public static AttributeProto tensorValue(String name, float[] values, long... shape) {
        requireCount(values.length, shape);
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR)
                .setT(tensor("", TensorProto.DataType.FLOAT, shape, buf.array())).build();
    }

    /**
     * The finished model.
     *
     * @param opset    default-domain operator set, {@link #MIN_OPSET}..{@link #MAX_OPSET}
     * @param metadata {@code metadata_props}, in iteration order
     * @throws IllegalArgumentException for an operator set outside the range
     */
    public ModelProto build(int opset, String producer, String producerVersion, String docString, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(irVersion(opset))
                .setProducerName(producer)
                .setProducerVersion(producerVersion)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph.build());
        if (docString != null) m.setDocString(docString);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** The IR version ONNX released with each operator set (ONNX's versioning table). */
    static long irVersion(int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("ONNX opset " + opset + " is not supported; choose " + MIN_OPSET + ".." + MAX_OPSET);
        }
        if (opset == 11) return 6;
        if (opset <= 14) return 7;
        return 8;
    }

    private static TensorProto tensor(String name, TensorProto.DataType type, long[] shape, byte[] raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(type.getNumber()).setRawData(ByteString.copyFrom(raw));
        if (!name.isEmpty()) t.setName(name);
        for (long d : shape) t.addDims(d);
        return t.build();
    }

    private static ValueInfoProto valueInfo(String name, Dim[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Dim d : dims) {
            TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
            if (d.param() != null) b.setDimParam(d.param());
            else b.setDimValue(d.size());
            shape.addDim(b);
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("ONNX value name '" + name + "' is used twice in graph " + graph.getName());
        }
    }

    private static void requireCount(int n, long[] shape) {
        long count = 1;
        for (long s : shape) count *= s;
        if (count != n) throw new IllegalArgumentException(n + " values for shape " + Arrays.toString(shape));
    }
}
