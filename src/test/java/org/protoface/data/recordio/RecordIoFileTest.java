package org.protoface.data.recordio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.MalformedDataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordIoFileTest {
    private static final byte[] MAGIC_LE = {0x0a, 0x23, (byte) 0xd7, (byte) 0xce};

    @TempDir
    Path dir;

    /** Frames written by hand: magic, lrec = cflag << 29 | length, data, zero padding to 4. */
    private static void frame(ByteArrayOutputStream out, int cflag, byte[] data) {
        out.writeBytes(MAGIC_LE);
        int lrec = cflag << 29 | data.length;
        out.writeBytes(new byte[] {(byte) lrec, (byte) (lrec >> 8), (byte) (lrec >> 16), (byte) (lrec >>> 24)});
        out.writeBytes(data);
        for (int i = data.length; i % 4 != 0; i++) out.write(0);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void handMadeSplitRecordIsJoinedWithTheMagicReinserted() throws IOException {
        byte[] a = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] b = {9, 10, 11, 12};
        byte[] c = {13, 14, 15};                       // last part needs one padding byte
        byte[] whole = {42, 43, 44, 45, 46};
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        frame(rec, 0, whole);                          // key 0 at offset 0 (8 + 8 bytes)
        int splitOffset = rec.size();
        frame(rec, 1, a);
        frame(rec, 2, b);
        frame(rec, 3, c);
        int afterOffset = rec.size();
        frame(rec, 0, new byte[] {7});
        Files.write(dir.resolve("t.rec"), rec.toByteArray());
        Files.writeString(dir.resolve("t.idx"), "0\t0\n1\t" + splitOffset + "\n2\t" + afterOffset + "\n");

        byte[] expected = concat(a, MAGIC_LE, b, MAGIC_LE, c);
        // chunk sizes that put boundaries inside frame headers and data, and the 1 GiB default
        for (long chunk : new long[] {5, 7, 16, 1L << 30}) {
            RecordIoFile file = RecordIoFile.open(dir.resolve("t.rec"), dir.resolve("t.idx"), chunk);
            assertThat(file.read(0)).isEqualTo(whole);
            assertThat(file.read(1)).isEqualTo(expected);
            assertThat(file.read(2)).isEqualTo(new byte[] {7});
            RecordIoFile.Record r = file.readAt(splitOffset);
            assertThat(r.nextOffset()).isEqualTo(afterOffset);
        }
    }

    @Test
    void writerSplitsOnAlignedMagicOnlyAndFramesMatchTheSpecification() throws IOException {
        // aligned magic at 4 and 12, an unaligned one at 17 which must stay inside the data
        byte[] payload = new byte[26];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (100 + i);
        System.arraycopy(MAGIC_LE, 0, payload, 4, 4);
        System.arraycopy(MAGIC_LE, 0, payload, 12, 4);
        System.arraycopy(MAGIC_LE, 0, payload, 17, 4);
        Path rec = dir.resolve("w.rec");
        Path idx = dir.resolve("w.idx");
        try (RecordIoWriter w = new RecordIoWriter(rec, idx)) {
            w.write(5, payload);
            w.write(6, new byte[] {1, 2, 3});
            assertThat(w.splitCount()).isEqualTo(2);
            w.commit();
        }
        // parse the frames independently
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(rec)).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> frames = new ArrayList<>();   // {cflag, length}
        while (b.hasRemaining()) {
            assertThat(b.getInt()).isEqualTo(0xced7230a);
            int lrec = b.getInt();
            int len = lrec & ((1 << 29) - 1);
            frames.add(new int[] {lrec >>> 29, len});
            b.position(b.position() + (len + 3) / 4 * 4);
        }
        assertThat(frames).extracting(f -> f[0]).containsExactly(1, 2, 3, 0);
        // parts: [0,4), [8,12), [16,26), then the small record
        assertThat(frames).extracting(f -> f[1]).containsExactly(4, 4, 10, 3);
        long secondOffset = 3 * 8 + 4 + 4 + 12;
        assertThat(Files.readString(idx)).isEqualTo("5\t0\n6\t" + secondOffset + "\n");
        assertThat(Files.size(rec)).isEqualTo(secondOffset + 8 + 4);

        RecordIoFile file = RecordIoFile.open(rec, idx);
        assertThat(file.read(5)).isEqualTo(payload);
        assertThat(file.read(6)).isEqualTo(new byte[] {1, 2, 3});
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("w.rec", "w.idx");
    }

    @Test
    void randomPayloadsRoundTripThroughSmallChunks() throws IOException {
        Random rnd = new Random(3);
        List<byte[]> payloads = new ArrayList<>();
        Path rec = dir.resolve("r.rec");
        Path idx = dir.resolve("r.idx");
        try (RecordIoWriter w = new RecordIoWriter(rec, idx)) {
            for (int k = 0; k < 60; k++) {
                byte[] p = new byte[rnd.nextInt(40)];
                rnd.nextBytes(p);
                if (k % 7 == 0 && p.length >= 8) System.arraycopy(MAGIC_LE, 0, p, (p.length / 4 - 1) * 4, 4);
                payloads.add(p);
                w.write(k, p);
            }
            w.commit();
        }
        RecordIoFile file = RecordIoFile.open(rec, idx, 13);
        for (int k = 0; k < payloads.size(); k++) assertThat(file.read(k)).as("key %d", k).isEqualTo(payloads.get(k));
    }

    @Test
    void recordsBeyond2GiBAndAcrossA1GiBChunkBoundaryAreRead() throws IOException {
        // a sparse file: 3 GiB + a little, costing no disk; the record straddles the 3 GiB mapping boundary
        long offset = 3L * (1L << 30) - 6;
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        byte[] payload = {11, 22, 33, 44, 55, 66, 77, 88, 99};
        frame(frame, 0, payload);
        Path rec = dir.resolve("big.rec");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(rec.toFile(), "rw")) {
            f.seek(offset);
            f.write(frame.toByteArray());
        }
        Files.writeString(dir.resolve("big.idx"), "0\t" + offset + "\n");
        RecordIoFile file = RecordIoFile.open(rec, dir.resolve("big.idx"));
        assertThat(file.sizeBytes()).isEqualTo(offset + frame.size());
        assertThat(file.read(0)).isEqualTo(payload);
    }

    @Test
    void uncommittedWriterLeavesNoFiles() throws IOException {
        try (RecordIoWriter w = new RecordIoWriter(dir.resolve("x.rec"), dir.resolve("x.idx"))) {
            w.write(0, new byte[] {1});
        }
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void truncatedRecFileIsReportedWithFileAndOffset() throws IOException {
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        frame(rec, 0, new byte[12]);
        int second = rec.size();
        frame(rec, 0, new byte[40]);
        byte[] bytes = Arrays.copyOf(rec.toByteArray(), second + 8 + 20);  // second frame cut in its data
        Path recFile = dir.resolve("cut.rec");
        Files.write(recFile, bytes);
        Files.writeString(dir.resolve("cut.idx"), "0\t0\n1\t" + second + "\n");
        RecordIoFile file = RecordIoFile.open(recFile, dir.resolve("cut.idx"));
        assertThat(file.read(0)).hasSize(12);
        assertThatThrownBy(() -> file.read(1))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("truncated")
                .hasMessageContaining(recFile.toString())
                .hasMessageContaining("offset " + second);

        // a frame header cut in half
        Files.write(recFile, Arrays.copyOf(rec.toByteArray(), second + 6));
        RecordIoFile headerCut = RecordIoFile.open(recFile, null, 1 << 20);
        assertThatThrownBy(() -> headerCut.readAt(second))
                .hasMessageContaining("truncated").hasMessageContaining("offset " + second);
    }

    @Test
    void indexOffsetsThatMissTheMagicOrTheFileAreRejected() throws IOException {
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        frame(rec, 0, new byte[] {1, 2, 3, 4});
        frame(rec, 0, new byte[] {5, 6, 7, 8});
        Path recFile = dir.resolve("d.rec");
        Files.write(recFile, rec.toByteArray());
        Files.writeString(dir.resolve("d.idx"), "0\t0\n1\t4\n");
        RecordIoFile file = RecordIoFile.open(recFile, dir.resolve("d.idx"));
        assertThatThrownBy(() -> file.read(1))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("offset 4").hasMessageContaining(recFile.toString()).hasMessageContaining("d.idx");

        Files.writeString(dir.resolve("e.idx"), "0\t0\n1\t4096\n");
        assertThatThrownBy(() -> RecordIoFile.open(recFile, dir.resolve("e.idx")))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("offset 4096").hasMessageContaining("past the end");

        Files.writeString(dir.resolve("f.idx"), "0\t0\n1\tx12\n");
        assertThatThrownBy(() -> RecordIoFile.open(recFile, dir.resolve("f.idx")))
                .hasMessageContaining("f.idx line 2");
    }

    @Test
    void continuationFlagsOutOfOrderAreRejected() throws IOException {
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        frame(rec, 2, new byte[] {1, 2, 3, 4});
        Files.write(dir.resolve("g.rec"), rec.toByteArray());
        RecordIoFile file = RecordIoFile.open(dir.resolve("g.rec"), null, 1 << 20);
        assertThatThrownBy(() -> file.readAt(0)).hasMessageContaining("continuation flag 2");
    }

    @Test
    void sparseUnsortedIndexIsLookedUpByKey() throws IOException {
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        frame(rec, 0, new byte[] {10});
        int o2 = rec.size();
        frame(rec, 0, new byte[] {20});
        Files.write(dir.resolve("s.rec"), rec.toByteArray());
        Files.writeString(dir.resolve("s.idx"), "900\t" + o2 + "\n17\t0\n");
        RecordIoFile file = RecordIoFile.open(dir.resolve("s.rec"), dir.resolve("s.idx"));
        assertThat(file.read(17)).containsExactly(10);
        assertThat(file.read(900)).containsExactly(20);
        assertThat(file.index().keyAt(0)).isEqualTo(17);
        assertThatThrownBy(() -> file.read(18)).hasMessageContaining("key 18");
    }

    @Test
    void irHeaderMatchesTheByteLayout() {
        byte[] image = {9, 8, 7};
        ByteBuffer expected = ByteBuffer.allocate(24 + 8 + 3).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(2).putFloat(0f).putLong(77).putLong(0).putFloat(3f).putFloat(11f).put(image);
        byte[] encoded = IRHeader.array(new float[] {3f, 11f}, 77).encodeWith(image);
        assertThat(encoded).isEqualTo(expected.array());
        IRHeader h = IRHeader.parse(encoded);
        assertThat(h.flag()).isEqualTo(2);
        assertThat(h.labels()).containsExactly(3f, 11f);
        assertThat(h.id()).isEqualTo(77);
        assertThat(h.imageBytes(encoded)).isEqualTo(image);

        ByteBuffer scalar = ByteBuffer.allocate(24 + 2).order(ByteOrder.LITTLE_ENDIAN);
        scalar.putInt(0).putFloat(5.5f).putLong(1).putLong(2).put(new byte[] {1, 2});
        IRHeader s = IRHeader.parse(scalar.array());
        assertThat(s.label()).isEqualTo(5.5f);
        assertThat(s.id2()).isEqualTo(2);
        assertThat(s.imageBytes(scalar.array())).containsExactly(1, 2);

        ByteBuffer lying = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(1000);
        assertThatThrownBy(() -> IRHeader.parse(lying.array())).hasMessageContaining("1000 labels");
    }

    @Test
    void aMalformedIndexLineIsQuotedOnceWithItsFieldNamed() throws IOException {
        Path idx = dir.resolve("bad.idx");
        Files.writeString(idx, "0\t0\n1\tabc\n");
        assertThatThrownBy(() -> RecordIndex.read(idx))
                .isInstanceOf(org.protoface.data.MalformedDataException.class)
                .hasMessage(idx + " line 2: field 'offset' must be a non-negative integer, not 'abc' (each line is "
                        + "'key<TAB>offset'); the line reads '1\tabc'");
        Files.writeString(idx, "0 0\n");
        assertThatThrownBy(() -> RecordIndex.read(idx))
                .hasMessage(idx + " line 1: expected 'key<TAB>offset'; the line reads '0 0'");
    }
}
