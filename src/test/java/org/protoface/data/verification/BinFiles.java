package org.protoface.data.verification;

import java.util.List;

/** Validation .bin files for tests in other packages, written opcode by opcode with {@link PickleBuilder}. */
public final class BinFiles {
    private BinFiles() {}

    /**
     * A Python 2 style protocol-2 pickle of (bins, issame_list): images as str (SHORT_BINSTRING /
     * BINSTRING), flags as bools, memoised with BINPUT as Python's pickler does.
     */
    public static byte[] protocol2(List<byte[]> images, boolean[] issame) {
        PickleBuilder b = new PickleBuilder();
        b.emptyList().memoize(2).mark();
        for (byte[] image : images) b.binstring(image).memoize(2);
        b.appends();
        b.emptyList().memoize(2).mark();
        for (boolean s : issame) b.bool(s);
        b.appends();
        b.tuple2().memoize(2).stop();
        return PickleBuilder.wrap(2, b.bytes());
    }
}
