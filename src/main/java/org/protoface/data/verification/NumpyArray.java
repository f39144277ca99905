package org.protoface.data.verification;

import org.protoface.data.MalformedDataException;

import java.util.Arrays;

/**
 * A one-byte-per-element numpy array rebuilt from a pickle, holding its raw bytes. Created either
 * by {@code numpy.core.multiarray._reconstruct} (then filled by BUILD with the state
 * (version, shape, dtype, is_fortran, raw bytes)) or, for protocol 5, by
 * {@code numpy.core.numeric._frombuffer(buffer, dtype, shape, order)}.
 */
final class NumpyArray implements PickleState {
    private long[] shape;
    private NumpyDtype dtype;
    private byte[] data;

    /** Empty array from _reconstruct(ndarray, (0,), b'b'); the data arrive with BUILD. */
    NumpyArray() {}

    static NumpyArray fromBuffer(Object[] args, String source) throws MalformedDataException {
        if (args.length != 4 || !(args[0] instanceof byte[] buffer) || !(args[1] instanceof NumpyDtype dtype)
                || !(args[2] instanceof Object[] shape)) {
            throw new MalformedDataException("numpy _frombuffer in " + source + ": expected (buffer, dtype, shape, order), got "
                    + NumpyDtype.describe(args));
        }
        NumpyArray array = new NumpyArray();
        array.fill(shape, dtype, buffer, source);
        return array;
    }

    @Override
    public void setState(Object state, String source) throws MalformedDataException {
        if (!(state instanceof Object[] s) || (s.length != 5 && s.length != 4)) {
            throw new MalformedDataException("numpy array state in " + source + " is not (version, shape, dtype, is_fortran, data)");
        }
        int at = s.length - 4;   // the leading version number is absent in very old pickles
        if (!(s[at] instanceof Object[] shape) || !(s[at + 1] instanceof NumpyDtype dtype)) {
            throw new MalformedDataException("numpy array state in " + source + ": expected a shape tuple and a dtype, got "
                    + NumpyDtype.describe(s));
        }
        if (!(s[at + 3] instanceof byte[] raw)) {
            throw new MalformedDataException("numpy array state in " + source + ": raw data must be bytes (object arrays are not supported), got "
                    + NumpyDtype.describe(s));
        }
        fill(shape, dtype, raw, source);
    }

    private void fill(Object[] shapeTuple, NumpyDtype dtype, byte[] raw, String source) throws MalformedDataException {
        long[] dims = new long[shapeTuple.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!(shapeTuple[i] instanceof Number n) || n.longValue() < 0) {
                throw new MalformedDataException("numpy array in " + source + ": bad shape " + Arrays.toString(shapeTuple));
            }
            dims[i] = n.longValue();
            count *= dims[i];
        }
        if (count != raw.length) {
            throw new MalformedDataException("numpy array in " + source + ": shape " + Arrays.toString(dims) + " needs "
                    + count + " bytes, data has " + raw.length);
        }
        this.shape = dims;
        this.dtype = dtype;
        this.data = raw;
    }

    /** The raw bytes, after checking the array was filled and has the expected element type. */
    byte[] bytes(String expectedCode, String what) throws MalformedDataException {
        if (data == null) throw new MalformedDataException(what + ": numpy array was never filled by BUILD");
        if (!dtype.code().equals(expectedCode)) {
            throw new MalformedDataException(what + ": expected a numpy '" + expectedCode + "' array, got '" + dtype.code() + "'");
        }
        return data;
    }

    long[] shape() {
        return shape.clone();
    }
}
