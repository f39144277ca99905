package org.protoface.data.verification;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.protoface.data.MalformedDataException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An unpickler that builds only what validation .bin files contain. Loading a pickle runs the
 * constructors it names, so razorvine's default of turning any unknown global into a ClassDict is
 * replaced by an allow-list: every GLOBAL / STACK_GLOBAL outside it is refused, as are the opcodes
 * that reach code by other routes (INST, OBJ, NEWOBJ, NEWOBJ_EX, persistent ids, extension
 * registry, out-of-band buffers), and BUILD is applied only to the numpy stand-ins.
 *
 * <p>Python 2 {@code str} (STRING, BINSTRING, SHORT_BINSTRING) is returned as {@code byte[]}: in
 * these files it holds encoded image bytes, not text. Length-prefixed opcodes are checked against
 * the bytes left so a forged length cannot allocate gigabytes. Not thread-safe; one per file.
 */
final class RestrictedUnpickler extends Unpickler {
    /** What a file that breaks the pickle reader is told it should be. */
    static final String NOT_A_BIN_PICKLE = "not a pickle of the insightface .bin layout (expected a Python pickle of "
            + "(list of encoded JPEG/PNG images, list of issame booleans), as insightface's verification sets such as "
            + "lfw.bin are written); check that the file is a complete .bin from a face recognition data set";
    private final String source;
    private final Map<String, IObjectConstructor> allowed;

    private RestrictedUnpickler(String source) {
        this.source = source;
        IObjectConstructor reconstruct = args -> {
            if (args.length < 1 || !(args[0] instanceof NdarrayClass)) {
                throw refusal("numpy _reconstruct in " + source + " may only rebuild numpy.ndarray");
            }
            return new NumpyArray();
        };
        IObjectConstructor frombuffer = args -> unchecked(() -> NumpyArray.fromBuffer(args, source));
        IObjectConstructor dtype = args -> unchecked(() -> NumpyDtype.of(args, source));
        IObjectConstructor scalar = args -> unchecked(() -> boolScalar(args));
        this.allowed = Map.ofEntries(
                Map.entry("numpy.core.multiarray._reconstruct", reconstruct),
                Map.entry("numpy._core.multiarray._reconstruct", reconstruct),       // numpy >= 2 module name
                Map.entry("numpy.core.numeric._frombuffer", frombuffer),             // protocol 5 arrays
                Map.entry("numpy._core.numeric._frombuffer", frombuffer),
                Map.entry("numpy.core.multiarray.scalar", scalar),                   // numpy.bool_ in issame lists
                Map.entry("numpy._core.multiarray.scalar", scalar),
                Map.entry("numpy.ndarray", (IObjectConstructor) new NdarrayClass()),
                Map.entry("numpy.dtype", dtype),
                Map.entry("_codecs.encode", (IObjectConstructor) this::codecsEncode),                     // Python 3 bytes at protocol < 3
                Map.entry("__builtin__.bytes", (IObjectConstructor) this::emptyBytes),                    // b'' at protocol < 3
                Map.entry("builtins.bytes", (IObjectConstructor) this::emptyBytes));
    }

    /**
     * The reader's own reason when it is worded for people (the pickle reader's and this class's
     * {@link PickleException}s), never an exception's class name or a cast's Java types.
     */
    private static String detail(RuntimeException e) {
        String m = e.getMessage();
        if (!(e instanceof PickleException) || m == null || m.isBlank() || m.contains("java.") || m.contains("razorvine")) return "";
        return ": " + m.strip();
    }

    /** Unpickles {@code pickle} (the whole file) under the allow-list. */
    static Object load(byte[] pickle, String source) throws IOException {
        // every pickle a .bin can be starts with PROTO (protocol 2 and up) or builds a list or tuple
        // (protocols 0 and 1); anything else is another kind of file, whatever its name
        if (pickle.length == 0 || !(pickle[0] == (byte) 0x80 || pickle[0] == '(' || pickle[0] == ']' || pickle[0] == ')')) {
            throw new MalformedDataException(source + ": " + NOT_A_BIN_PICKLE);
        }
        RestrictedUnpickler unpickler = new RestrictedUnpickler(source);
        try {
            return unpickler.load(new ByteArrayInputStream(pickle));
        } catch (Unchecked e) {
            throw e.cause;
        } catch (MalformedDataException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedDataException(source + ": truncated pickle: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // razorvine reports malformed streams through casts, empty-stack pops and number parsing
            // (its exception types name Java classes, which would tell the user nothing)
            throw new MalformedDataException(source + ": " + NOT_A_BIN_PICKLE + detail(e), e);
        } finally {
            unpickler.close();
        }
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new MalformedDataException(source + ": STACK_GLOBAL needs two strings");
                }
                stack.add(resolve(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                throw new MalformedDataException("refusing to unpickle global " + module + "." + name + " in " + source);
            }
            // NEWOBJ / NEWOBJ_EX would call an allowed constructor outside the REDUCE form numpy
            // writes; READONLY_BUFFER only follows an out-of-band NEXT_BUFFER
            case Opcodes.OBJ, Opcodes.PERSID, Opcodes.BINPERSID, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4,
                 Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX -> throw new MalformedDataException(
                    "refusing pickle opcode 0x" + Integer.toHexString(key) + " in " + source + ": validation files never need it");
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                Object target = stack.peek();
                if (!(target instanceof PickleState stateful)) {
                    throw new MalformedDataException("refusing BUILD on " + (target == null ? "None" : target.getClass().getSimpleName())
                            + " in " + source);
                }
                stateful.setState(state, source);
            }
            case Opcodes.STRING, Opcodes.BINSTRING, Opcodes.SHORT_BINSTRING -> {
                if (key == Opcodes.BINSTRING) checkLength(4);
                super.dispatch(key);
                stack.add(latin1Bytes((String) stack.pop()));
            }
            case Opcodes.BINBYTES, Opcodes.BINUNICODE -> {
                checkLength(4);
                return super.dispatch(key);
            }
            case Opcodes.BINBYTES8, Opcodes.BINUNICODE8, Opcodes.BYTEARRAY8 -> {
                checkLength(8);
                return super.dispatch(key);
            }
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    /**
     * numpy pickles a scalar such as {@code numpy.bool_(True)} as
     * {@code numpy.core.multiarray.scalar(dtype('b1'), b'\x01')}. Only that form is built (as a
     * Boolean): one byte of a bool dtype, 0 or 1. Any other dtype or payload is refused, since a
     * scalar of another type has no place in a validation file.
     */
    private Boolean boolScalar(Object[] args) throws MalformedDataException {
        if (args.length != 2 || !(args[0] instanceof NumpyDtype dtype) || !"b1".equals(dtype.code())) {
            throw new MalformedDataException("refusing numpy scalar" + NumpyDtype.describe(args) + " in " + source
                    + ": only numpy.bool_ scalars (dtype 'b1') are expected");
        }
        byte[] raw = args[1] instanceof byte[] b ? b : args[1] instanceof String text ? latin1Bytes(text) : null;
        if (raw == null || raw.length != 1 || (raw[0] != 0 && raw[0] != 1)) {
            throw new MalformedDataException("numpy.bool_ scalar in " + source + " must hold one byte 0 or 1, got "
                    + (raw == null ? NumpyDtype.describe(args) : raw.length + " bytes"));
        }
        return raw[0] == 1;
    }

    private IObjectConstructor resolve(String module, String name) throws MalformedDataException {
        IObjectConstructor constructor = allowed.get(module + "." + name);
        if (constructor == null) {
            throw new MalformedDataException("refusing to unpickle global " + module + "." + name + " in " + source);
        }
        return constructor;
    }

    /**
     * razorvine turns the bytes of a Python 2 str into a String one char per byte (0..255), so
     * ISO-8859-1 gives back exactly the stored bytes.
     */
    private byte[] latin1Bytes(String s) throws MalformedDataException {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) throw new MalformedDataException(source + ": Python 2 string holds a non-byte character");
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Python 3 pickles bytes at protocol 2 as _codecs.encode(text, 'latin1'). */
    private Object codecsEncode(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof String text)
                || !("latin1".equals(args[1]) || "latin-1".equals(args[1]))) {
            throw refusal("refusing _codecs.encode" + NumpyDtype.describe(args) + " in " + source + ": only (text, 'latin1') is expected");
        }
        return unchecked(() -> latin1Bytes(text));
    }

    private Object emptyBytes(Object[] args) {
        if (args.length != 0) throw refusal("refusing bytes" + NumpyDtype.describe(args) + " in " + source);
        return new byte[0];
    }

    /** Refuses a length prefix larger than what is left in the file (peeks, does not consume). */
    private void checkLength(int width) throws IOException {
        input.mark(width);
        byte[] b = PickleUtils.readbytes(input, width);
        int left = input.available();
        input.reset();
        long length = 0;
        for (int i = width - 1; i >= 0; i--) length = (length << 8) | (b[i] & 0xff);
        if (width == 4) length = (int) length;   // BINSTRING/BINBYTES lengths are signed int32
        if (length < 0 || length > left) {
            throw new MalformedDataException(source + ": pickle item claims " + length + " bytes but only " + left + " remain (truncated or damaged file)");
        }
    }

    /** The numpy.ndarray class object: only an argument of _reconstruct, never called itself. */
    private static final class NdarrayClass implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("numpy.ndarray may not be called directly");
        }
    }

    private static Unchecked refusal(String message) {
        return new Unchecked(new MalformedDataException(message));
    }

    private interface Checked<T> {
        T get() throws MalformedDataException;
    }

    private static <T> T unchecked(Checked<T> body) {
        try {
            return body.get();
        } catch (MalformedDataException e) {
            throw new Unchecked(e);
        }
    }

    /** Carries a checked refusal through razorvine's IObjectConstructor, which may not throw one. */
    private static final class Unchecked extends PickleException {
        final MalformedDataException cause;

        Unchecked(MalformedDataException cause) {
            super(cause.getMessage());
            this.cause = cause;
        }
    }
}
