package org.protoface.onnx;

import org.protoface.encoder.GraphSink;
import org.protoface.encoder.Weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layer list an encoder describes itself as ({@link GraphSink}), recorded as it arrives so
 * that {@link BatchNormFolding} can rewrite it before {@link EncoderGraphWriter} translates it to
 * ONNX. Value 0 is the graph input (rank 4); every layer produces one new value.
 */
final class LayerGraph implements GraphSink {
    /** A value: its number and rank (4 for feature maps, 2 after flatten). */
    record Ref(int id, int rank) implements Value {}

    sealed interface Layer permits Conv, BatchNorm, PRelu, Add, Flatten, Linear {
        Ref out();

        List<Ref> inputs();
    }

    record Conv(Ref in, Ref out, Weights weight, Weights bias, int stride, int padding, int groups) implements Layer {
        public List<Ref> inputs() {
            return List.of(in);
        }
    }

    record BatchNorm(Ref in, Ref out, Weights scale, Weights shift, Weights mean, Weights var, double eps) implements Layer {
        public List<Ref> inputs() {
            return List.of(in);
        }

        int channels() {
            return mean.rows();
        }

        /** s in y = s x + t, per channel, in double: scale / sqrt(var + eps). */
        double[] multiplier() {
            double[] s = new double[channels()];
            for (int c = 0; c < s.length; c++) {
                double g = scale == null ? 1.0 : scale.values()[c];
                s[c] = g / Math.sqrt(var.values()[c] + eps);
            }
            return s;
        }

        /** t in y = s x + t, per channel: shift - mean s. */
        double[] offset() {
            double[] s = multiplier();
            double[] t = new double[s.length];
            for (int c = 0; c < t.length; c++) {
                double b = shift == null ? 0.0 : shift.values()[c];
                t[c] = b - mean.values()[c] * s[c];
            }
            return t;
        }
    }

    record PRelu(Ref in, Ref out, Weights slope) implements Layer {
        public List<Ref> inputs() {
            return List.of(in);
        }
    }

    record Add(Ref a, Ref b, Ref out) implements Layer {
        public List<Ref> inputs() {
            return List.of(a, b);
        }
    }

    record Flatten(Ref in, Ref out) implements Layer {
        public List<Ref> inputs() {
            return List.of(in);
        }
    }

    record Linear(Ref in, Ref out, Weights weight, Weights bias) implements Layer {
        public List<Ref> inputs() {
            return List.of(in);
        }
    }

    private final List<Layer> layers = new ArrayList<>();
    private final Ref input = new Ref(0, 4);
    private int next = 1;

    /** The handle of the B x 3 x S x S graph input. */
    Ref input() {
        return input;
    }

    /** Layers recorded so far, in execution order. */
    List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Value conv2d(Value x, Weights weight, Weights bias, int stride, int padding, int groups) {
        Ref in = own(x);
        requireRank(in, 4, "conv2d");
        return record(new Conv(in, fresh(4), weight, bias, stride, padding, groups));
    }

    @Override
    public Value batchNorm(Value x, Weights scale, Weights shift, Weights mean, Weights var, double eps) {
        Ref in = own(x);
        return record(new BatchNorm(in, fresh(in.rank()), scale, shift, mean, var, eps));
    }

    @Override
    public Value prelu(Value x, Weights slope) {
        Ref in = own(x);
        return record(new PRelu(in, fresh(in.rank()), slope));
    }

    @Override
    public Value add(Value a, Value b) {
        Ref ra = own(a), rb = own(b);
        if (ra.rank() != rb.rank()) throw new IllegalArgumentException("add of values of rank " + ra.rank() + " and " + rb.rank());
        return record(new Add(ra, rb, fresh(ra.rank())));
    }

    @Override
    public Value flatten(Value x) {
        Ref in = own(x);
        requireRank(in, 4, "flatten");
        return record(new Flatten(in, fresh(2)));
    }

    @Override
    public Value linear(Value x, Weights weight, Weights bias) {
        Ref in = own(x);
        requireRank(in, 2, "linear");
        return record(new Linear(in, fresh(2), weight, bias));
    }

    private Ref fresh(int rank) {
        return new Ref(next++, rank);
    }

    private Ref record(Layer layer) {
        layers.add(layer);
        return layer.out();
    }

    private static Ref own(Value v) {
        if (v instanceof Ref r) return r;
        throw new IllegalArgumentException("value " + v + " was not issued by this graph");
    }

    private static void requireRank(Ref r, int rank, String op) {
        if (r.rank() != rank) throw new IllegalArgumentException(op + " needs a rank-" + rank + " value, got rank " + r.rank());
    }
}
