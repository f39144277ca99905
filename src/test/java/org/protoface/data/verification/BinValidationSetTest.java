package org.protoface.data.verification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.TestImages;
import org.protoface.data.io.ImageOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BinValidationSetTest {
    @TempDir
    Path dir;

    /** Four images (two pairs): real PNGs, the first holding bytes >= 0x80 and a newline. */
    private static List<byte[]> images() {
        return List.of(TestImages.png(1, 8), TestImages.png(2, 8), TestImages.png(3, 8), TestImages.png(4, 8));
    }

    private static final boolean[] ISSAME = {true, false};

    /** (bins, issame) with MARK...TUPLE around the pair, each item written by {@code item}. */
    private static byte[] pickle(int protocol, List<byte[]> items, BiConsumer<PickleBuilder, byte[]> item) {
        PickleBuilder b = new PickleBuilder();
        b.mark();
        b.emptyList().memoize(protocol).mark();
        for (byte[] it : items) item.accept(b, it);
        b.appends();
        b.emptyList().memoize(protocol).mark();
        for (boolean s : ISSAME) b.bool(s);
        b.appends();
        b.tuple().memoize(protocol).stop();
        return PickleBuilder.wrap(protocol, b.bytes());
    }

    private static void py3Bytes(PickleBuilder b, byte[] it, int protocol) {
        if (protocol >= 3) {
            b.binbytes(it).memoize(protocol);
        } else {
            // Python 3 at protocol 2: _codecs.encode(text, 'latin1'), the text one char per byte
            b.global("_codecs", "encode", protocol).memoize(protocol)
                    .unicode(new String(it, StandardCharsets.ISO_8859_1)).memoize(protocol)
                    .shortUnicode("latin1").memoize(protocol).tuple2().memoize(protocol).reduce().memoize(protocol);
        }
    }

    /** numpy.core.multiarray._reconstruct(ndarray, (0,), b'b') then BUILD (1, (n,), dtype('u1'), False, raw). */
    private static void numpyArray(PickleBuilder b, byte[] it, int protocol, boolean py2) {
        b.global("numpy.core.multiarray", "_reconstruct", protocol).memoize(protocol);
        b.global("numpy", "ndarray", protocol).memoize(protocol);
        b.binint1(0).tuple1().memoize(protocol);
        if (py2) b.binstring(new byte[] {'b'}); else py3Bytes(b, new byte[] {'b'}, protocol);
        b.tuple3().memoize(protocol).reduce().memoize(protocol);
        b.mark().binint1(1).binint(it.length).tuple1().memoize(protocol);
        dtype(b, protocol, py2, "u1");
        b.bool(false);
        if (py2) b.binstring(it); else py3Bytes(b, it, protocol);
        b.tuple().memoize(protocol).build();
    }

    private static void dtype(PickleBuilder b, int protocol, boolean py2, String code) {
        b.global("numpy", "dtype", protocol).memoize(protocol);
        if (py2) b.binstring(code.getBytes(StandardCharsets.US_ASCII)); else b.shortUnicode(code);
        b.memoize(protocol).bool(false).bool(true).tuple3().memoize(protocol).reduce().memoize(protocol);
        b.mark().binint1(3);
        if (py2) b.binstring(new byte[] {'|'}); else b.shortUnicode("|");
        b.none().none().none().binint(-1).binint(-1).binint1(0).tuple().memoize(protocol).build();
    }

    private EncodedPairs read(byte[] pickle) throws IOException {
        Path f = dir.resolve("set.bin");
        Files.write(f, pickle);
        return BinValidationSet.readPairs(f);
    }

    private static void assertSameImages(EncodedPairs pairs) {
        assertThat(pairs.pairCount()).isEqualTo(2);
        assertThat(pairs.issame()).containsExactly(ISSAME);
        for (int i = 0; i < 4; i++) assertThat(pairs.images().get(i)).isEqualTo(images().get(i));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void python3BytesItems(int protocol) throws IOException {
        assertSameImages(read(pickle(protocol, images(), (b, it) -> py3Bytes(b, it, protocol))));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void python2StrItemsComeBackAsTheExactBytes(int protocol) throws IOException {
        // every byte value, including those that are not valid UTF-8 or latin-1 control characters
        byte[] allValues = new byte[300];
        for (int i = 0; i < allValues.length; i++) allValues[i] = (byte) i;
        List<byte[]> items = List.of(allValues, TestImages.png(2, 8), new byte[] {(byte) 0xff, 0, '\n', (byte) 0x80}, new byte[0]);
        EncodedPairs pairs = read(pickle(protocol, items, (b, it) -> b.binstring(it).memoize(protocol)));
        for (int i = 0; i < 4; i++) assertThat(pairs.images().get(i)).isEqualTo(items.get(i));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void numpyUint8ArrayItems(int protocol) throws IOException {
        assertSameImages(read(pickle(protocol, images(), (b, it) -> numpyArray(b, it, protocol, false))));
    }

    @Test
    void python2NumpyArraysWithStrPayloads() throws IOException {
        assertSameImages(read(pickle(2, images(), (b, it) -> numpyArray(b, it, 2, true))));
    }

    @Test
    void protocol5FrombufferArrays() throws IOException {
        assertSameImages(read(frombufferPickle()));
    }

    /** numpy at protocol 5: _frombuffer(bytearray(raw), dtype('u1'), (n,), 'C') per item. */
    private static byte[] frombufferPickle() {
        PickleBuilder b = new PickleBuilder();
        b.mark().emptyList().memoize(5).mark();
        for (byte[] it : images()) {
            b.global("numpy.core.numeric", "_frombuffer", 5).memoize(5);
            b.mark().bytearray8(it).memoize(5);
            dtype(b, 5, false, "u1");
            b.binint(it.length).tuple1().memoize(5).shortUnicode("C").memoize(5).tuple().memoize(5).reduce().memoize(5);
        }
        b.appends().emptyList().memoize(5).mark();
        for (boolean s : ISSAME) b.bool(s);
        b.appends().tuple().memoize(5).stop();
        return PickleBuilder.wrap(5, b.bytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void foreignGlobalsAreRefused(int protocol) throws IOException {
        // the classic payload: os.system('echo pwned')
        PickleBuilder b = new PickleBuilder();
        b.global("os", "system", protocol).memoize(protocol).unicode("echo pwned").tuple1().reduce().stop();
        Path f = dir.resolve("evil.bin");
        Files.write(f, PickleBuilder.wrap(protocol, b.bytes()));
        assertThatThrownBy(() -> BinValidationSet.readPairs(f))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("refusing to unpickle global os.system in " + f);

        PickleBuilder e = new PickleBuilder();
        e.global("builtins", "eval", protocol).unicode("1+1").tuple1().reduce().stop();
        Files.write(f, PickleBuilder.wrap(protocol, e.bytes()));
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).hasMessageContaining("refusing to unpickle global builtins.eval");
    }

    @Test
    void instAndBuildOnForeignObjectsAreRefused() throws IOException {
        PickleBuilder inst = new PickleBuilder().mark().unicode("x").op('i')
                .raw("subprocess\nPopen\n".getBytes(StandardCharsets.US_ASCII)).stop();
        Path f = dir.resolve("inst.bin");
        Files.write(f, PickleBuilder.wrap(2, inst.bytes()));
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).hasMessageContaining("refusing to unpickle global subprocess.Popen");

        PickleBuilder build = new PickleBuilder().emptyList().op('}').build().stop();
        Files.write(f, PickleBuilder.wrap(2, build.bytes()));
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).hasMessageContaining("refusing BUILD");
    }

    @Test
    void forgedLengthsTruncationAndWrongShapesAreClearErrors() throws IOException {
        PickleBuilder huge = new PickleBuilder().op('B').le(0x7fff_fff0L, 4).raw(new byte[10]).stop();
        Path f = dir.resolve("x.bin");
        Files.write(f, PickleBuilder.wrap(3, huge.bytes()));
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).isInstanceOf(MalformedDataException.class).hasMessageContaining("remain");

        byte[] good = pickle(3, images(), (b, it) -> b.binbytes(it).memoize(3));
        Files.write(f, Arrays.copyOf(good, good.length - 20));
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).isInstanceOf(MalformedDataException.class).hasMessageContaining(f.toString());

        byte[] threeImages = pickle(3, images().subList(0, 3), (b, it) -> b.binbytes(it).memoize(3));
        Files.write(f, threeImages);
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).hasMessageContaining("3 images for 2 pairs");

        byte[] textItems = pickle(3, images(), (b, it) -> b.unicode("abc"));
        Files.write(f, textItems);
        assertThatThrownBy(() -> BinValidationSet.readPairs(f)).hasMessageContaining("item 0").hasMessageContaining("String");
    }

    @Test
    void pairsDecodeToNormalisedImages() throws IOException, CorruptRecordException {
        Path f = dir.resolve("lfw.bin");
        Files.write(f, pickle(4, images(), (b, it) -> b.binbytes(it).memoize(4)));
        BinValidationSet set = BinValidationSet.open(f, ImageOptions.of(8));
        assertThat(set.name()).isEqualTo("lfw");
        assertThat(set.pairCount()).isEqualTo(2);
        assertThat(set.isSame(0)).isTrue();
        assertThat(set.isSame(1)).isFalse();
        float[] dst = new float[192];
        set.load(1, 1, dst, 0);   // item 3 = pattern seed 4
        int p = TestImages.rgb(4, 2, 5);
        assertThat((double) dst[5 * 8 + 2 + 64]).isCloseTo(TestImages.normalised(p >> 8 & 0xff), within(1e-6));
    }

    /** Files pickled by numpy itself (see make_numpy_bins.py beside them). */
    private static Path resource(String name) throws Exception {
        return Path.of(BinValidationSetTest.class.getResource(name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"numpy-bool-issame-p2.bin", "numpy-bool-issame-p4.bin"})
    void numpyBoolScalarsInIssameAreAccepted(String name) throws Exception {
        EncodedPairs pairs = BinValidationSet.readPairs(resource(name));
        assertThat(pairs.pairCount()).isEqualTo(20);
        for (int i = 0; i < 20; i++) assertThat(pairs.issame()[i]).as("pair " + i).isEqualTo(i % 3 == 0);
        // the images are the PNG bytes as stored: they decode at their 8 x 8 size
        assertThat(pairs.images().get(39)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void numpyScalarsOfOtherTypesAreStillRefused() throws Exception {
        Path file = resource("numpy-int-issame.bin");
        assertThatThrownBy(() -> BinValidationSet.readPairs(file))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining(file.toString());
    }

    @Test
    void anUndecodableItemIsFoundWhenTheSetIsOpenedNotAtTheFirstValidation() throws Exception {
        java.util.List<byte[]> items = new java.util.ArrayList<>();
        boolean[] same = new boolean[10];
        for (int i = 0; i < 20; i++) items.add(TestImages.png(i, 8));
        items.set(13, Arrays.copyOf(items.get(13), 30));   // item 13 = side 1 of pair 6, cut short
        Path f = dir.resolve("agedb_30.bin");
        Files.write(f, BinFiles.protocol2(items, same));
        assertThatThrownBy(() -> VerificationSets.open(f, 8))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("image 13").hasMessageContaining("pair 6");
    }

    /** Random bytes break the pickle reader in many ways; none of them may show a Java class name. */
    @Test
    void randomBytesAreNotABinPickleAndTheMessageSaysWhatIsExpected(@TempDir Path tmp) throws IOException {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[64 + random.nextInt(512)];
            random.nextBytes(junk);
            if (i % 2 == 0) junk[0] = (byte) 0x80;   // half of them past the first opcode, into the reader
            if (i % 4 == 0) junk[1] = 2;
            Path f = tmp.resolve("bad" + i + ".bin");
            Files.write(f, junk);
            assertThatThrownBy(() -> BinValidationSet.readPairs(f))
                    .isInstanceOf(MalformedDataException.class)
                    .hasMessageContaining(f.toString())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b")
                            .doesNotContain("razorvine").doesNotContain("java.").doesNotContain("\n"));
        }
        Path f = tmp.resolve("bad.bin");
        Files.writeString(f, "these are not the faces you are looking for");
        assertThatThrownBy(() -> BinValidationSet.readPairs(f))
                .hasMessage(f + ": not a pickle of the insightface .bin layout (expected a Python pickle of (list of "
                        + "encoded JPEG/PNG images, list of issame booleans), as insightface's verification sets such as "
                        + "lfw.bin are written); check that the file is a complete .bin from a face recognition data set");
        Files.write(f, new byte[] {(byte) 0x80, 2, (byte) 0xd7, 1, 2, 3});
        assertThatThrownBy(() -> BinValidationSet.readPairs(f))
                .hasMessageContaining(f.toString()).hasMessageNotContaining("Exception");
    }
}
