package org.protoface.data.verification;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle opcodes byte by byte, following the opcode table of Python's pickletools, so the
 * tests do not depend on the library under test to produce their input.
 */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int memo;

    PickleBuilder op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBuilder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    PickleBuilder le(long v, int width) {
        for (int i = 0; i < width; i++) out.write((int) (v >>> (8 * i)));
        return this;
    }

    PickleBuilder proto(int version) { return op(0x80).op(version); }
    PickleBuilder stop() { return op('.'); }
    PickleBuilder mark() { return op('('); }
    PickleBuilder tuple() { return op('t'); }
    PickleBuilder emptyTuple() { return op(')'); }
    PickleBuilder tuple1() { return op(0x85); }
    PickleBuilder tuple2() { return op(0x86); }
    PickleBuilder tuple3() { return op(0x87); }
    PickleBuilder emptyList() { return op(']'); }
    PickleBuilder appends() { return op('e'); }
    PickleBuilder reduce() { return op('R'); }
    PickleBuilder build() { return op('b'); }
    PickleBuilder none() { return op('N'); }
    PickleBuilder bool(boolean v) { return op(v ? 0x88 : 0x89); }
    PickleBuilder binint1(int v) { return op('K').le(v, 1); }
    PickleBuilder binint(int v) { return op('J').le(v, 4); }

    /** MEMOIZE (protocol 4+) or BINPUT n (earlier protocols) after the top item. */
    PickleBuilder memoize(int protocol) {
        if (protocol >= 4) return op(0x94);
        return op('q').le(memo++, 1);
    }

    PickleBuilder binbytes(byte[] b) {
        return b.length < 256 ? op('C').le(b.length, 1).raw(b) : op('B').le(b.length, 4).raw(b);
    }

    PickleBuilder bytearray8(byte[] b) { return op(0x96).le(b.length, 8).raw(b); }

    /** Python 2 str: SHORT_BINSTRING for < 256 bytes, BINSTRING otherwise. */
    PickleBuilder binstring(byte[] b) {
        return b.length < 256 ? op('U').le(b.length, 1).raw(b) : op('T').le(b.length, 4).raw(b);
    }

    PickleBuilder unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').le(b.length, 4).raw(b);
    }

    PickleBuilder shortUnicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(0x8c).le(b.length, 1).raw(b);
    }

    /** GLOBAL (protocols <= 3) or STACK_GLOBAL with two memoized SHORT_BINUNICODE (protocol 4+). */
    PickleBuilder global(String module, String name, int protocol) {
        if (protocol >= 4) return shortUnicode(module).memoize(protocol).shortUnicode(name).memoize(protocol).op(0x93);
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /**
     * The whole pickle: PROTO, then for protocol 4+ one FRAME (8-byte length) around the body,
     * as Python's framer does for a body that fits in one frame.
     */
    static byte[] wrap(int protocol, byte[] body) {
        PickleBuilder p = new PickleBuilder().proto(protocol);
        if (protocol >= 4) p.op(0x95).le(body.length, 8);
        return p.raw(body).bytes();
    }
}
