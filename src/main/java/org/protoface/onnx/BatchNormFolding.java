package org.protoface.onnx;

import org.protoface.encoder.Weights;
import org.protoface.onnx.LayerGraph.BatchNorm;
import org.protoface.onnx.LayerGraph.Conv;
import org.protoface.onnx.LayerGraph.Flatten;
import org.protoface.onnx.LayerGraph.Layer;
import org.protoface.onnx.LayerGraph.Linear;
import org.protoface.onnx.LayerGraph.Ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds inference-mode BatchNorm (y = s x + t per channel) into a neighbouring linear layer where
 * that is exact in real arithmetic, so the exported graph is smaller and faster:
 * <ul>
 *   <li>conv -> BN: the conv's output channel o is scaled by s_o, its bias becomes b_o s_o + t_o;</li>
 *   <li>linear -> BN: the same per output feature;</li>
 *   <li>BN -> flatten -> linear: the linear's input column j (channel c = j / (H W)) is scaled by
 *       s_c and t_c W[:, j] moves into the bias.</li>
 * </ul>
 * Only when the intermediate value has no other consumer. A BN in front of a padded convolution
 * (IResNet's pre-activation BN) is not folded: the zero padding would see t instead of 0 at the
 * border. Arithmetic is in double, rounded once to float32.
 */
final class BatchNormFolding {
    private BatchNormFolding() {}

    /**
     * @param layers layers in execution order
     * @param output the graph's output value (counts as a consumer)
     * @return the rewritten layers; values keep their numbers, so {@code output} stays valid
     */
    static List<Layer> fold(List<Layer> layers, Ref output) {
        List<Layer> work = new ArrayList<>(layers);
        while (foldOne(work, output)) {
            // one rewrite per pass keeps the producer and consumer maps simple and current
        }
        return work;
    }

    private static boolean foldOne(List<Layer> work, Ref output) {
        Map<Integer, Integer> producer = new HashMap<>();
        Map<Integer, List<Integer>> consumers = new HashMap<>();
        for (int i = 0; i < work.size(); i++) {
            Layer l = work.get(i);
            producer.put(l.out().id(), i);
            for (Ref r : l.inputs()) consumers.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(i);
        }
        consumers.computeIfAbsent(output.id(), k -> new ArrayList<>()).add(-1);
        for (int i = 0; i < work.size(); i++) {
            if (!(work.get(i) instanceof BatchNorm bn)) continue;
            Integer p = producer.get(bn.in().id());
            boolean soleUse = consumers.get(bn.in().id()).size() == 1;
            if (p != null && soleUse && work.get(p) instanceof Conv conv) {
                work.set(p, afterConv(conv, bn));
                work.remove(i);
                return true;
            }
            if (p != null && soleUse && work.get(p) instanceof Linear linear) {
                work.set(p, afterLinear(linear, bn));
                work.remove(i);
                return true;
            }
            List<Integer> next = consumers.get(bn.out().id());
            if (bn.in().rank() == 4 && next.size() == 1 && next.get(0) >= 0 && work.get(next.get(0)) instanceof Flatten flat) {
                List<Integer> after = consumers.get(flat.out().id());
                if (after.size() == 1 && after.get(0) >= 0 && work.get(after.get(0)) instanceof Linear linear) {
                    work.set(after.get(0), beforeLinear(linear, bn));
                    work.set(next.get(0), new Flatten(bn.in(), flat.out()));
                    work.remove(i);
                    return true;
                }
            }
        }
        return false;
    }

    private static Conv afterConv(Conv conv, BatchNorm bn) {
        Scaled w = scaleRows(conv.weight(), conv.bias(), bn);
        return new Conv(conv.in(), bn.out(), w.weight, w.bias, conv.stride(), conv.padding(), conv.groups());
    }

    private static Linear afterLinear(Linear linear, BatchNorm bn) {
        Scaled w = scaleRows(linear.weight(), linear.bias(), bn);
        return new Linear(linear.in(), bn.out(), w.weight, w.bias);
    }

    private record Scaled(Weights weight, Weights bias) {}

    /** Row o of the weight (an output channel or feature) times s_o; bias b_o s_o + t_o. */
    private static Scaled scaleRows(Weights weight, Weights bias, BatchNorm bn) {
        int rows = weight.rows();
        if (rows != bn.channels()) {
            throw new IllegalStateException("BatchNorm over " + bn.channels() + " channels after a layer with " + rows + " outputs");
        }
        double[] s = bn.multiplier(), t = bn.offset();
        float[] w = weight.values().clone();
        int per = w.length / rows;
        float[] b = new float[rows];
        for (int o = 0; o < rows; o++) {
            for (int k = 0; k < per; k++) w[o * per + k] = (float) (weight.values()[o * per + k] * s[o]);
            double old = bias == null ? 0.0 : bias.values()[o];
            b[o] = (float) (old * s[o] + t[o]);
        }
        return new Scaled(new Weights(w, weight.shape()), new Weights(b, new long[] {rows}));
    }

    /** W'[:, j] = W[:, j] s_c and b' = b + W t (c = j / (H W)): BN2d on the linear's flattened input. */
    private static Linear beforeLinear(Linear linear, BatchNorm bn) {
        int out = linear.weight().rows();
        int features = (int) linear.weight().shape()[1];
        int channels = bn.channels();
        if (features % channels != 0) {
            throw new IllegalStateException("linear over " + features + " features after BatchNorm over " + channels + " channels");
        }
        int area = features / channels;
        double[] s = bn.multiplier(), t = bn.offset();
        float[] src = linear.weight().values();
        float[] w = new float[src.length];
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double acc = linear.bias() == null ? 0.0 : linear.bias().values()[o];
            for (int j = 0; j < features; j++) {
                int c = j / area;
                double v = src[o * features + j];
                w[o * features + j] = (float) (v * s[c]);
                acc += v * t[c];
            }
            b[o] = (float) acc;
        }
        return new Linear(linear.in(), linear.out(), new Weights(w, linear.weight().shape()), new Weights(b, new long[] {out}));
    }
}
