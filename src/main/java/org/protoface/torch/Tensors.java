package org.protoface.torch;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Small conversions between Java arrays and tensors, and scalar helpers, so the rest of the code
 * reads like PyTorch. All tensors are CPU float32/int64 unless said otherwise.
 */
public final class Tensors {
    private Tensors() {}

    /** Copies {@code data} into a new float32 tensor of the given shape. */
    public static Tensor of(float[] data, long... shape) {
        checkCount(data.length, shape);
        Tensor t = torch.empty(shape, new TensorOptions(torch.ScalarType.Float), null);
        // an empty tensor has no data pointer to write through
        if (data.length > 0) new FloatPointer(t.data_ptr_float()).put(data, 0, data.length);
        return t;
    }

    /** Copies {@code data} into a new int64 tensor of the given shape. */
    public static Tensor ofLongs(long[] data, long... shape) {
        checkCount(data.length, shape);
        Tensor t = torch.empty(shape, new TensorOptions(torch.ScalarType.Long), null);
        if (data.length > 0) new LongPointer(t.data_ptr_long()).put(data, 0, data.length);
        return t;
    }

    /** A 1-D float64 tensor (values that must survive exactly, e.g. a loss all-reduced between ranks). */
    public static Tensor ofDoubles(double... data) {
        Tensor t = torch.empty(new long[] {data.length}, new TensorOptions(torch.ScalarType.Double), null);
        if (data.length > 0) new DoublePointer(t.data_ptr_double()).put(data, 0, data.length);
        return t;
    }

    /** A 1-D int64 tensor. */
    public static Tensor ofLongs(long... data) {
        return ofLongs(data, data.length);
    }

    /** A 1-D int64 tensor from ints. */
    public static Tensor ofInts(int[] data) {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) l[i] = data[i];
        return ofLongs(l, l.length);
    }

    /** Copies a float tensor (any shape, any layout) into a Java array in row-major order. */
    public static float[] floats(Tensor t) {
        Tensor c = t.detach().to(torch.ScalarType.Float).contiguous();
        float[] out = new float[(int) c.numel()];
        if (out.length > 0) c.data_ptr_float().get(out);
        return out;
    }

    /** Copies an integer tensor into a Java long array in row-major order. */
    public static long[] longs(Tensor t) {
        Tensor c = t.detach().to(torch.ScalarType.Long).contiguous();
        long[] out = new long[(int) c.numel()];
        if (out.length > 0) c.data_ptr_long().get(out);
        return out;
    }

    /** The single value of a one-element tensor. */
    public static double item(Tensor t) {
        return t.item_double();
    }

    /**
     * Whether {@code t} holds elements of {@code type}. Compares the enum's value: in these
     * bindings {@code t.scalar_type()} returns an enum object that is not always the constant
     * itself, so {@code t.scalar_type() != ScalarType.BFloat16} was true for bfloat16 tensors.
     */
    public static boolean hasType(Tensor t, torch.ScalarType type) {
        return t.scalar_type().value == type.value;
    }

    /**
     * The element type's name ("float", "long", "bfloat16", ...). Compares the enum's numeric value:
     * in these bindings a tensor's {@code scalar_type()} can be a different enum instance than the
     * constant it equals.
     */
    public static String dtypeName(Tensor t) {
        int v = t.scalar_type().value;
        for (torch.ScalarType s : torch.ScalarType.values()) {
            if (s.value == v) return s.name().toLowerCase(java.util.Locale.ROOT);
        }
        return "type " + v;
    }

    /** The sizes of {@code t}'s dimensions, outermost first (a B x d tensor gives {B, d}). */
    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    /** {@code v} as a libtorch scalar argument. */
    public static Scalar scalar(double v) {
        return new Scalar(v);
    }

    /** Elementwise clamp to [lo, hi]. */
    public static Tensor clamp(Tensor t, double lo, double hi) {
        return torch.clamp(t, new ScalarOptional(new Scalar(lo)), new ScalarOptional(new Scalar(hi)));
    }

    /** A float32 tensor of {@code shape} filled with zeros, on the CPU. */
    public static Tensor zeros(long... shape) {
        return torch.zeros(shape, new TensorOptions(torch.ScalarType.Float));
    }

    /** A float32 tensor of {@code shape} with standard normal values from libtorch's generator, on the CPU. */
    public static Tensor randn(long... shape) {
        return torch.randn(shape, new TensorOptions(torch.ScalarType.Float));
    }

    /** Row-wise L2 normalisation (dim 1) with PyTorch's eps of 1e-12. */
    public static Tensor l2normalize(Tensor x) {
        Tensor n = x.norm(new ScalarOptional(new Scalar(2.0)), new long[] {1}, true).clamp_min(new Scalar(1e-12));
        return x.div(n);
    }

    private static void checkCount(int n, long[] shape) {
        long count = 1;
        for (long s : shape) count *= s;
        if (count != n) {
            throw new IllegalArgumentException("data has " + n + " values but shape needs " + count);
        }
    }
}
