package org.protoface.torch;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

/** Java values in and out of libtorch archives (stored as small int64/float64 tensors). */
public final class Archives {
    private Archives() {}

    public static void writeLongs(OutputArchive a, String key, long... values) {
        a.write(key, Tensors.ofLongs(values, values.length));
    }

    public static long[] readLongs(InputArchive a, String key) {
        Tensor t = new Tensor();
        a.read(key, t);
        return Tensors.longs(t);
    }

    public static void writeDoubles(OutputArchive a, String key, double... values) {
        Tensor t = org.bytedeco.pytorch.global.torch.empty(new long[] {values.length},
                new org.bytedeco.pytorch.TensorOptions(org.bytedeco.pytorch.global.torch.ScalarType.Double), null);
        new org.bytedeco.javacpp.DoublePointer(t.data_ptr_double()).put(values, 0, values.length);
        a.write(key, t);
    }

    public static double[] readDoubles(InputArchive a, String key) {
        Tensor t = new Tensor();
        a.read(key, t);
        Tensor c = t.to(org.bytedeco.pytorch.global.torch.ScalarType.Double).contiguous();
        double[] out = new double[(int) c.numel()];
        if (out.length > 0) c.data_ptr_double().get(out);
        return out;
    }

    public static Tensor readTensor(InputArchive a, String key) {
        Tensor t = new Tensor();
        a.read(key, t);
        return t;
    }

    public static InputArchive child(InputArchive a, String key) {
        InputArchive c = new InputArchive();
        a.read(key, c);
        return c;
    }
}
