package org.protoface.data.verification;

import org.protoface.data.MalformedDataException;

/**
 * The part of a pickled {@code numpy.dtype} this reader needs. Only one-byte types are accepted:
 * 'u1' (encoded image bytes) and 'b1' (a boolean issame array); anything else would need byte
 * order and width handling that no validation file uses.
 */
final class NumpyDtype implements PickleState {
    private final String code;

    private NumpyDtype(String code) {
        this.code = code;
    }

    /** numpy.dtype(code, align, copy) as the REDUCE arguments of a pickle give it. */
    static NumpyDtype of(Object[] args, String source) throws MalformedDataException {
        String code = args.length < 1 ? null : text(args[0]);
        if (code == null) {
            throw new MalformedDataException("numpy.dtype in " + source + ": expected a type code, got " + describe(args));
        }
        if (!code.equals("u1") && !code.equals("b1")) {
            throw new MalformedDataException("numpy.dtype in " + source + ": only uint8 ('u1') and bool ('b1') arrays are supported, got '" + code + "'");
        }
        return new NumpyDtype(code);
    }

    String code() {
        return code;
    }

    /** State (version, byteorder, subarray, names, fields, elsize, alignment, flags): checked, nothing kept. */
    @Override
    public void setState(Object state, String source) throws MalformedDataException {
        String order = state instanceof Object[] s && s.length >= 2 ? text(s[1]) : null;
        if (order == null) {
            throw new MalformedDataException("numpy.dtype state in " + source + " is not (version, byteorder, ...)");
        }
        if (!order.equals("|") && !order.equals("<") && !order.equals(">") && !order.equals("=")) {
            throw new MalformedDataException("numpy.dtype state in " + source + ": unknown byte order '" + order + "'");
        }
        Object[] s = (Object[]) state;
        if (s.length > 2 && s[2] != null) {
            throw new MalformedDataException("numpy.dtype state in " + source + ": sub-array dtypes are not supported");
        }
    }

    /**
     * Short text fields (type codes, byte order) arrive as str from Python 3 pickles and as
     * Python 2 str, which the unpickler turns into bytes; both mean the same ASCII text.
     */
    static String text(Object o) {
        if (o instanceof String s) return s;
        if (o instanceof byte[] b) return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        return null;
    }

    static String describe(Object[] args) {
        StringBuilder b = new StringBuilder("(");
        for (Object a : args) b.append(a == null ? "None" : a.getClass().getSimpleName()).append(',');
        return b.append(')').toString();
    }
}
