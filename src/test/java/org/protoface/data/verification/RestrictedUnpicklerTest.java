package org.protoface.data.verification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.protoface.data.MalformedDataException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every opcode and construct the validation-file unpickler refuses, each with its message. The
 * pickles are written opcode by opcode ({@link PickleBuilder}, after Python's pickletools table);
 * each refused construct sits behind a valid prefix, so the refusal, not a parse error, stops it.
 */
class RestrictedUnpicklerTest {
    private static final String SRC = "sets/evil.bin";

    @TempDir
    Path dir;

    private static byte[] pickle(int protocol, Consumer<PickleBuilder> body) {
        PickleBuilder b = new PickleBuilder();
        body.accept(b);
        b.stop();
        return PickleBuilder.wrap(protocol, b.bytes());
    }

    private static Object load(byte[] pickle) throws Exception {
        return RestrictedUnpickler.load(pickle, SRC);
    }

    private static void assertRefused(byte[] pickle, String message) {
        assertThatThrownBy(() -> load(pickle)).isInstanceOf(MalformedDataException.class).hasMessage(message);
    }

    /** numpy.dtype(code, False, True) without BUILD, as REDUCE arguments. */
    private static void dtype(PickleBuilder b, String code) {
        b.global("numpy", "dtype", 2).shortUnicode(code).bool(false).bool(true).tuple3().reduce();
    }

    private static void dtypeState(PickleBuilder b, String order, boolean subarray) {
        b.mark().binint1(3).shortUnicode(order);
        if (subarray) b.shortUnicode("u1").binint1(2).tuple2(); else b.none();
        b.none().none().binint(-1).binint(-1).binint1(0).tuple().build();
    }

    /** _reconstruct(numpy.ndarray, (0,), b'b') then BUILD with {@code state}. */
    private static void array(PickleBuilder b, Consumer<PickleBuilder> state) {
        b.global("numpy.core.multiarray", "_reconstruct", 2).global("numpy", "ndarray", 2)
                .binint1(0).tuple1().binbytes(new byte[] {'b'}).tuple3().reduce();
        state.accept(b);
        b.build();
    }

    // ---- globals ----

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void globalsOutsideTheAllowListAreRefusedBeforeAnythingIsCalled(int protocol) {
        // GLOBAL at protocol 2, STACK_GLOBAL at 4; a harmless-looking numpy function and a near-miss name too
        for (String[] g : new String[][] {{"os", "system"}, {"builtins", "getattr"}, {"numpy", "load"},
                {"numpy.core.multiarray", "_reconstructor"}, {"copyreg", "_reconstructor"}}) {
            byte[] p = pickle(protocol, b -> b.global(g[0], g[1], protocol).unicode("echo pwned").tuple1().reduce());
            assertRefused(p, "refusing to unpickle global " + g[0] + "." + g[1] + " in " + SRC);
        }
    }

    @Test
    void stackGlobalNeedsTwoStrings() {
        byte[] p = pickle(4, b -> b.shortUnicode("numpy").binint1(7).op(0x93));
        assertRefused(p, SRC + ": STACK_GLOBAL needs two strings");
    }

    @Test
    void instNamesItsClassAndIsRefused() {
        byte[] p = pickle(0, b -> b.mark().unicode("x").op('i').raw("subprocess\nPopen\n".getBytes(StandardCharsets.US_ASCII)));
        assertRefused(p, "refusing to unpickle global subprocess.Popen in " + SRC);
    }

    // ---- opcodes that reach code by other routes ----

    private static String opcodeRefusal(int opcode) {
        return "refusing pickle opcode 0x" + Integer.toHexString(opcode) + " in " + SRC + ": validation files never need it";
    }

    @Test
    void objPersistentIdsAndTheExtensionRegistryAreRefused() {
        // OBJ: MARK class args OBJ, with an allowed class so only the opcode can be the reason
        assertRefused(pickle(2, b -> b.mark().global("numpy", "dtype", 2).shortUnicode("u1").op('o')), opcodeRefusal('o'));
        // PERSID takes a newline-terminated id, BINPERSID the id on the stack
        assertRefused(pickle(0, b -> b.op('P').raw("42\n".getBytes(StandardCharsets.US_ASCII))), opcodeRefusal('P'));
        assertRefused(pickle(2, b -> b.shortUnicode("42").op('Q')), opcodeRefusal('Q'));
        // EXT1 / EXT2 / EXT4: copyreg extension codes of 1, 2 and 4 bytes
        assertRefused(pickle(2, b -> b.op(0x82).le(1, 1)), opcodeRefusal(0x82));
        assertRefused(pickle(2, b -> b.op(0x83).le(300, 2)), opcodeRefusal(0x83));
        assertRefused(pickle(2, b -> b.op(0x84).le(70000, 4)), opcodeRefusal(0x84));
    }

    @Test
    void outOfBandBuffersAreRefused() {
        assertRefused(pickle(5, b -> b.op(0x97)), opcodeRefusal(0x97));
        // READONLY_BUFFER only makes sense after NEXT_BUFFER; on in-band bytes it must not pass either
        assertRefused(pickle(5, b -> b.binbytes(new byte[] {1, 2, 3}).op(0x98)), opcodeRefusal(0x98));
    }

    @Test
    void newObjAndNewObjExAreRefusedEvenOnAnAllowedClass() {
        // cls.__new__(cls, *args): numpy never pickles arrays, dtypes or bytes this way
        assertRefused(pickle(2, b -> b.global("numpy", "dtype", 2).shortUnicode("u1").bool(false).bool(true).tuple3().op(0x81)),
                opcodeRefusal(0x81));
        assertRefused(pickle(4, b -> b.global("numpy", "dtype", 4).shortUnicode("u1").tuple1().op('}').op(0x92)),
                opcodeRefusal(0x92));
    }

    // ---- BUILD ----

    @Test
    void buildIsAppliedOnlyToTheNumpyStandIns() {
        assertRefused(pickle(2, b -> b.emptyList().op('}').build()), "refusing BUILD on ArrayList in " + SRC);
        assertRefused(pickle(2, b -> b.none().op('}').build()), "refusing BUILD on None in " + SRC);
        assertRefused(pickle(3, b -> b.binbytes(new byte[] {1}).op('}').build()), "refusing BUILD on byte[] in " + SRC);
    }

    // ---- numpy constructs ----

    @Test
    void reconstructRebuildsOnlyNdarrays() {
        assertRefused(pickle(2, b -> b.global("numpy.core.multiarray", "_reconstruct", 2).global("numpy", "dtype", 2)
                        .binint1(0).tuple1().binbytes(new byte[] {'b'}).tuple3().reduce()),
                "numpy _reconstruct in " + SRC + " may only rebuild numpy.ndarray");
        assertRefused(pickle(2, b -> b.global("numpy._core.multiarray", "_reconstruct", 2).emptyTuple().reduce()),
                "numpy _reconstruct in " + SRC + " may only rebuild numpy.ndarray");
    }

    @Test
    void ndarrayIsNeverCalledItself() {
        assertThatThrownBy(() -> load(pickle(2, b -> b.global("numpy", "ndarray", 2).binint1(3).tuple1().reduce())))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(SRC + ": not a pickle of the insightface .bin layout")
                .hasMessageContaining("numpy.ndarray may not be called directly");
    }

    @Test
    void onlyOneByteDtypesAreAccepted() {
        // object arrays ('O') hold pickled Python objects; wider types would need byte order and width handling
        for (String code : new String[] {"O", "f4", "<i8", "u2", "U8", "V16"}) {
            assertRefused(pickle(2, b -> dtype(b, code)),
                    "numpy.dtype in " + SRC + ": only uint8 ('u1') and bool ('b1') arrays are supported, got '" + code + "'");
        }
        assertRefused(pickle(2, b -> b.global("numpy", "dtype", 2).binint1(8).tuple1().reduce()),
                "numpy.dtype in " + SRC + ": expected a type code, got (Integer,)");
        // both accepted codes come back
        for (String code : new String[] {"u1", "b1"}) {
            assertThat(((NumpyDtype) loadUnchecked(pickle(2, b -> dtype(b, code)))).code()).isEqualTo(code);
        }
    }

    private static Object loadUnchecked(byte[] p) {
        try {
            return load(p);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void dtypeStateIsChecked() {
        assertRefused(pickle(2, b -> { dtype(b, "u1"); dtypeState(b, "?", false); }),
                "numpy.dtype state in " + SRC + ": unknown byte order '?'");
        assertRefused(pickle(2, b -> { dtype(b, "u1"); dtypeState(b, "|", true); }),
                "numpy.dtype state in " + SRC + ": sub-array dtypes are not supported");
        assertRefused(pickle(2, b -> { dtype(b, "u1"); b.binint1(3).build(); }),
                "numpy.dtype state in " + SRC + " is not (version, byteorder, ...)");
    }

    @Test
    void arrayStateMustBeRawBytesOfTheDeclaredShape() {
        // an object array pickles its elements as a list instead of raw bytes
        assertRefused(pickle(2, b -> array(b, s -> {
            s.mark().binint1(1).binint1(2).tuple1();
            dtype(s, "u1");
            s.bool(false).emptyList().mark().binint1(1).binint1(2).appends().tuple();
        })), "numpy array state in " + SRC + ": raw data must be bytes (object arrays are not supported), got (Integer,Object[],NumpyDtype,Boolean,ArrayList,)");
        assertRefused(pickle(2, b -> array(b, s -> s.binint1(1).tuple1())),
                "numpy array state in " + SRC + " is not (version, shape, dtype, is_fortran, data)");
        assertRefused(pickle(2, b -> array(b, s -> s.mark().binint1(1).binint1(2).binint1(2).bool(false)
                        .binbytes(new byte[2]).tuple())),
                "numpy array state in " + SRC + ": expected a shape tuple and a dtype, got (Integer,Integer,Integer,Boolean,byte[],)");
        assertRefused(pickle(2, b -> array(b, s -> {
            s.mark().binint1(1).binint1(3).tuple1();
            dtype(s, "u1");
            s.bool(false).binbytes(new byte[4]).tuple();
        })), "numpy array in " + SRC + ": shape [3] needs 3 bytes, data has 4");
        assertRefused(pickle(2, b -> array(b, s -> {
            s.mark().binint1(1).binint(-1).tuple1();
            dtype(s, "u1");
            s.bool(false).binbytes(new byte[0]).tuple();
        })), "numpy array in " + SRC + ": bad shape [-1]");
    }

    @Test
    void frombufferTakesExactlyBufferDtypeShapeOrder() {
        assertRefused(pickle(5, b -> b.global("numpy.core.numeric", "_frombuffer", 5).bytearray8(new byte[2]).tuple1().reduce()),
                "numpy _frombuffer in " + SRC + ": expected (buffer, dtype, shape, order), got (byte[],)");
    }

    @Test
    void anImageItemThatIsABoolArrayIsRefusedWhereItIsUsed() throws Exception {
        // (bins, issame) where the first image is a numpy bool array: the unpickler builds it, the reader refuses it
        Path f = dir.resolve("set.bin");
        Files.write(f, pickle(2, b -> {
            b.mark().emptyList().mark();
            array(b, s -> {
                s.mark().binint1(1).binint1(2).tuple1();
                dtype(s, "b1");
                s.bool(false).binbytes(new byte[] {1, 0}).tuple();
            });
            b.binbytes(new byte[] {1}).appends().emptyList().mark().bool(true).appends().tuple();
        }));
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).isInstanceOf(MalformedDataException.class)
                .hasMessage(f + " item 0: expected a numpy 'u1' array, got 'b1'");
    }

    // ---- Python 3 bytes at protocol 2 ----

    @Test
    void codecsEncodeAcceptsOnlyLatin1TextOfBytes() {
        assertRefused(pickle(2, b -> b.global("_codecs", "encode", 2).unicode("abc").shortUnicode("utf-8").tuple2().reduce()),
                "refusing _codecs.encode(String,String,) in " + SRC + ": only (text, 'latin1') is expected");
        assertRefused(pickle(2, b -> b.global("_codecs", "encode", 2).unicode("\u20ac").shortUnicode("latin1").tuple2().reduce()),
                SRC + ": Python 2 string holds a non-byte character");
        assertRefused(pickle(2, b -> b.global("builtins", "bytes", 2).binint1(5).tuple1().reduce()),
                "refusing bytes(Integer,) in " + SRC);
        assertThat((byte[]) loadUnchecked(pickle(2, b -> b.global("_codecs", "encode", 2).unicode("\u00ff\u0000")
                .shortUnicode("latin1").tuple2().reduce()))).containsExactly(0xff, 0);
    }
}
