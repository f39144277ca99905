package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.cli.PackCommand;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.TestImages;
import org.protoface.data.recordio.IRHeader;
import org.protoface.data.recordio.RecordIoFile;
import org.protoface.data.recordio.RecordIoWriter;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RecordIoDatasetTest {
    private static final byte[] MAGIC_LE = {0x0a, 0x23, (byte) 0xd7, (byte) 0xce};

    @TempDir
    Path dir;

    /** A PNG followed by trailing bytes holding the RecordIO magic at a 4-aligned payload position. */
    private static byte[] pngWithMagicInside(int seed) {
        byte[] png = TestImages.png(seed, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(png);
        while (out.size() % 4 != 0) out.write(0);   // the 24-byte header keeps this aligned in the payload
        out.writeBytes(MAGIC_LE);
        out.writeBytes(new byte[] {1, 2, 3, 4, 5});
        return out.toByteArray();
    }

    /** identity folder name -> image files; returns the bytes written, identity by identity in sorted order. */
    private List<List<byte[]>> writeFolder(Path root) throws IOException {
        List<List<byte[]>> expected = new ArrayList<>();
        String[] names = {"id_a", "id_b", "id_c"};
        int[] counts = {2, 1, 3};
        int seed = 0;
        for (int i = 0; i < names.length; i++) {
            List<byte[]> imgs = new ArrayList<>();
            for (int j = 0; j < counts[i]; j++) {
                byte[] bytes = switch (seed % 3) {
                    case 0 -> TestImages.png(seed, 8);
                    case 1 -> TestImages.jpeg(TestImages.pattern(seed, 8, 8));
                    default -> pngWithMagicInside(seed);
                };
                String ext = seed % 3 == 1 ? ".jpg" : ".png";
                Path p = root.resolve(names[i]).resolve("img" + j + ext);
                Files.createDirectories(p.getParent());
                Files.write(p, bytes);
                imgs.add(bytes);
                seed++;
            }
            expected.add(imgs);
        }
        return expected;
    }

    @Test
    void packThenReadRoundTripKeepsLabelsRangesAndBytes() throws IOException, CorruptRecordException {
        Path root = dir.resolve("faces");
        List<List<byte[]>> expected = writeFolder(root);
        Path out = dir.resolve("packed");
        DatasetPacker.Result r = DatasetPacker.pack(FolderDataset.open(root, ImageOptions.of(8)), out);
        assertThat(r.images()).isEqualTo(6);
        assertThat(r.splitRecords()).isEqualTo(2);   // two images carry the magic
        assertThat(Files.readString(out.resolve("property"))).isEqualTo("3,8,8\n");
        assertThat(Files.list(out).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("train.rec", "train.idx", "property");

        // the raw layout: record 0 = [a, b], images 1..a-1 labelled by identity, ranges a..b-1
        RecordIoFile file = RecordIoFile.open(out.resolve("train.rec"), out.resolve("train.idx"));
        assertThat(IRHeader.parse(file.read(0)).labels()).containsExactly(7f, 10f);
        float[] imageLabels = {0, 0, 1, 2, 2, 2};
        for (int key = 1; key <= 6; key++) assertThat(IRHeader.parse(file.read(key)).label()).isEqualTo(imageLabels[key - 1]);
        assertThat(IRHeader.parse(file.read(7)).labels()).containsExactly(1f, 3f);
        assertThat(IRHeader.parse(file.read(8)).labels()).containsExactly(3f, 4f);
        assertThat(IRHeader.parse(file.read(9)).labels()).containsExactly(4f, 7f);

        // through the dataset, from the folder path
        RecordIoDataset ds = RecordIoDataset.open(out, ImageOptions.of(8));
        assertThat(ds.layout()).isEqualTo(RecordIoDataset.Layout.INSIGHTFACE);
        assertThat(ds.identityCount()).isEqualTo(3);
        assertThat(ds.propertyClassCount()).hasValue(3);
        for (int i = 0; i < 3; i++) {
            assertThat(ds.imageCount(i)).isEqualTo(expected.get(i).size());
            assertThat(ds.originalLabel(i)).isEqualTo((float) i);
            for (int j = 0; j < ds.imageCount(i); j++) {
                assertThat(ds.encodedImage(i, j)).as("identity %d image %d", i, j).isEqualTo(expected.get(i).get(j));
                float[] dst = new float[3 * 64];
                ds.load(i, j, dst, 0);
                BufferedImage ref = ImageIO.read(new ByteArrayInputStream(expected.get(i).get(j)));
                int p = ref.getRGB(5, 6);
                assertThat((double) dst[6 * 8 + 5]).isCloseTo(TestImages.normalised(p >> 16 & 0xff), within(1e-6));
                assertThat((double) dst[128 + 6 * 8 + 5]).isCloseTo(TestImages.normalised(p & 0xff), within(1e-6));
            }
        }
        assertThat(ds.describe()).contains("3 identities", "6 images", "insightface");
        // the .rec file itself also opens (idx next to it)
        assertThat(RecordIoDataset.open(out.resolve("train.rec"), ImageOptions.of(8)).identityCount()).isEqualTo(3);
    }

    @Test
    void packCommandPacksAListFile() throws IOException {
        Path root = dir.resolve("faces");
        writeFolder(root);
        Path list = dir.resolve("train.lst");
        Files.writeString(list, "faces/id_c/img0.png\t5\nfaces/id_a/img0.png\t1\nfaces/id_a/img1.jpg\t1\n");
        StringWriter text = new StringWriter();
        CommandLine cmd = new CommandLine(new PackCommand());
        cmd.setOut(new PrintWriter(text));
        int code = cmd.execute("--input", "list", list.toString(), "--out", dir.resolve("o").toString(), "--image-size", "8");
        assertThat(code).isEqualTo(0);
        assertThat(text.toString()).contains("packed 2 identities, 3 images");
        RecordIoDataset ds = RecordIoDataset.open(dir.resolve("o"), ImageOptions.of(8));
        assertThat(ds.imageCount(0)).isEqualTo(2);
        assertThat(ds.imageCount(1)).isEqualTo(1);

        CommandLine bad = new CommandLine(new PackCommand());
        bad.setErr(new PrintWriter(new StringWriter()));
        assertThat(bad.execute("--input", "zip", list.toString(), "--out", dir.resolve("p").toString())).isNotEqualTo(0);
    }

    @Test
    void plainIm2recListIsGroupedByLabel() throws IOException {
        float[] labels = {7, 3, 7, 3, 5, 7};
        try (RecordIoWriter w = new RecordIoWriter(dir.resolve("im.rec"), dir.resolve("im.idx"))) {
            for (int k = 0; k < labels.length; k++) w.write(k, IRHeader.scalar(labels[k], k).encodeWith(TestImages.png(k, 8)));
            w.commit();
        }
        RecordIoDataset ds = RecordIoDataset.open(dir.resolve("im.rec"), ImageOptions.of(8));
        assertThat(ds.layout()).isEqualTo(RecordIoDataset.Layout.IM2REC);
        assertThat(ds.identityCount()).isEqualTo(3);
        assertThat(ds.originalLabel(0)).isEqualTo(3f);
        assertThat(ds.originalLabel(2)).isEqualTo(7f);
        assertThat(ds.imageCount(0)).isEqualTo(2);
        assertThat(ds.imageKey(2, 0)).isEqualTo(0);
        assertThat(ds.imageKey(2, 2)).isEqualTo(5);
        assertThat(ds.imageKey(1, 0)).isEqualTo(4);
    }

    @Test
    void corruptImageRecordFailsAloneAndNamesFileAndKey() throws IOException, CorruptRecordException {
        Path rec = dir.resolve("c.rec");
        try (RecordIoWriter w = new RecordIoWriter(rec, dir.resolve("c.idx"))) {
            w.write(0, IRHeader.array(new float[] {4, 5}, 0).encodeWith(new byte[0]));
            w.write(1, IRHeader.scalar(0, 1).encodeWith(TestImages.png(1, 8)));
            w.write(2, IRHeader.scalar(0, 2).encodeWith("not an image at all".getBytes()));
            w.write(3, IRHeader.scalar(0, 3).encodeWith(TestImages.png(3, 8)));
            w.write(4, IRHeader.array(new float[] {1, 4}, 4).encodeWith(new byte[0]));
            w.commit();
        }
        RecordIoDataset ds = RecordIoDataset.open(rec, ImageOptions.of(8));
        float[] dst = new float[192];
        ds.load(0, 0, dst, 0);
        assertThatThrownBy(() -> ds.load(0, 1, dst, 0))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining(rec.toString()).hasMessageContaining("key 2");
        ds.load(0, 2, dst, 0);   // the loader can count the bad one and go on
    }

    @Test
    void inconsistentIdentityRecordsAndIndexAreRejected() throws IOException {
        Path rec = dir.resolve("bad.rec");
        try (RecordIoWriter w = new RecordIoWriter(rec, dir.resolve("bad.idx"))) {
            w.write(0, IRHeader.array(new float[] {3, 5}, 0).encodeWith(new byte[0]));
            w.write(1, IRHeader.scalar(0, 1).encodeWith(TestImages.png(1, 8)));
            w.write(2, IRHeader.scalar(1, 2).encodeWith(TestImages.png(2, 8)));
            w.write(3, IRHeader.array(new float[] {1, 2}, 3).encodeWith(new byte[0]));
            w.write(4, IRHeader.array(new float[] {1, 3}, 4).encodeWith(new byte[0]));   // overlaps identity 0
            w.commit();
        }
        assertThatThrownBy(() -> RecordIoDataset.open(rec, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("identity record 4");

        // an index whose offsets are shifted no longer points at record starts
        List<String> lines = Files.readAllLines(dir.resolve("bad.idx"));
        StringBuilder shifted = new StringBuilder();
        for (String line : lines) {
            String[] f = line.split("\t");
            shifted.append(f[0]).append('\t').append(Long.parseLong(f[1]) + 4).append('\n');
        }
        Files.writeString(dir.resolve("bad.idx"), shifted.toString());
        assertThatThrownBy(() -> RecordIoDataset.open(rec, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("offset 4").hasMessageContaining("bad.idx");
    }
    /**
     * InsightFace stores key ranges in float32, so above 2^24 images (Glint360K, WebFace42M) the
     * boundaries are rounded. A 4-bit significand reaches that regime with a few hundred records:
     * every stored boundary from 16 up is rounded exactly as float32 rounds above 2^24.
     */
    @Test
    void roundedIdentityRangesAreSettledFromTheImageLabels() throws IOException {
        RoundedKeys rounding = new RoundedKeys(4);
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<int[]> truth = new ArrayList<>();   // [start, end) per identity
        int key = 1;
        while (key < 300) {
            int size = 1 + random.nextInt(4);
            truth.add(new int[] {key, key + size});
            key += size;
        }
        int a = key;
        int b = a + truth.size();
        Path rec = dir.resolve("wide.rec");
        try (RecordIoWriter w = new RecordIoWriter(rec, dir.resolve("wide.idx"))) {
            w.write(0, IRHeader.array(new float[] {rounding.round(a), rounding.round(b)}, 0).encodeWith(new byte[0]));
            for (int i = 0; i < truth.size(); i++) {
                for (int k = truth.get(i)[0]; k < truth.get(i)[1]; k++) {
                    byte[] image = {(byte) k, 1, 2, 3, 4, 5, 6, 7};
                    // labels as InsightFace writes them, some as arrays; some ids put the record magic
                    // inside the header, so the record is split in its first 24 bytes
                    IRHeader h = k % 7 == 0 ? IRHeader.array(new float[] {1000 + i, 5}, k)
                            : IRHeader.scalar(1000 + i, k % 5 == 0 ? 0xced7230aL : k);
                    w.write(k, h.encodeWith(image));
                }
            }
            for (int i = 0; i < truth.size(); i++) {
                float[] range = {rounding.round(truth.get(i)[0]), rounding.round(truth.get(i)[1])};
                // the first identity record, which settles the rounded a, is split inside its header too
                w.write(a + i, IRHeader.array(range, i == 0 ? 0xced7230aL : a + i).encodeWith(new byte[0]));
            }
            assertThat(w.splitCount()).isPositive();
            w.commit();
        }
        RecordIoFile file = RecordIoFile.open(rec, dir.resolve("wide.idx"));
        RecordIoDataset ds = RecordIoDataset.open(file, ImageOptions.of(8), rounding);
        assertThat(ds.identityCount()).isEqualTo(truth.size());
        assertThat(ds.totalImages()).isEqualTo(a - 1);
        for (int i = 0; i < truth.size(); i++) {
            int[] t = truth.get(i);
            assertThat(ds.imageCount(i)).as("identity %d", i).isEqualTo(t[1] - t[0]);
            assertThat(ds.imageKey(i, 0)).as("identity %d", i).isEqualTo(t[0]);
            assertThat(ds.originalLabel(i)).isEqualTo(1000f + i);
        }

        // taking the stored values at face value misreads this file (the rounded a points into the
        // images), so the settling above is what made the test pass
        assertThatThrownBy(() -> RecordIoDataset.open(file, ImageOptions.of(8), new RoundedKeys(53)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("identity record");
    }

    @Test
    void roundedBoundaryWithoutALabelChangeIsRejectedNamingTheIdentityRecord() throws IOException {
        RoundedKeys rounding = new RoundedKeys(4);
        // two identities of 20 images whose images all carry the same label: the rounded boundary
        // at 21 cannot be placed, and guessing would mix the two identities
        Path rec = dir.resolve("same.rec");
        try (RecordIoWriter w = new RecordIoWriter(rec, dir.resolve("same.idx"))) {
            w.write(0, IRHeader.array(new float[] {rounding.round(41), rounding.round(43)}, 0).encodeWith(new byte[0]));
            for (int k = 1; k < 41; k++) w.write(k, IRHeader.scalar(9, k).encodeWith(new byte[] {1, 2, 3, 4}));
            w.write(41, IRHeader.array(new float[] {1, rounding.round(21)}, 41).encodeWith(new byte[0]));
            w.write(42, IRHeader.array(new float[] {rounding.round(21), rounding.round(41)}, 42).encodeWith(new byte[0]));
            w.commit();
        }
        RecordIoFile file = RecordIoFile.open(rec, dir.resolve("same.idx"));
        assertThatThrownBy(() -> RecordIoDataset.open(file, ImageOptions.of(8), rounding))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("same.rec").hasMessageContaining("identity record 41");
    }
}
