package org.protoface.torch;

/** libtorch's exception messages carry a native stack trace after the first line; users need only the reason. */
public final class NativeErrors {
    private NativeErrors() {}

    /** The first line of {@code message}, or {@code ifNull} when there is no message. */
    public static String firstLine(String message, String ifNull) {
        if (message == null) return ifNull;
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
