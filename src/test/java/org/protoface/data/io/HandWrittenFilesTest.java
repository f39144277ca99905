package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.MalformedDataException;
import org.protoface.data.TestImages;
import org.protoface.data.recordio.IRHeader;
import org.protoface.data.recordio.RecordIoWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The small text files of a training set that users write or edit by hand (train.idx, property,
 * list files): a UTF-8 byte-order mark is accepted, an empty property is absent, and every parse
 * error names the file, the line and the field.
 */
class HandWrittenFilesTest {
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    @TempDir
    Path dir;

    /** An InsightFace-layout set: 2 identities x 2 PNG images; returns the folder. */
    private Path recordSet() throws IOException {
        Path set = dir.resolve("set");
        Files.createDirectories(set);
        try (RecordIoWriter w = new RecordIoWriter(set.resolve("train.rec"), set.resolve("train.idx"))) {
            w.write(0, IRHeader.array(new float[] {5, 7}, 0).encodeWith(new byte[0]));
            for (int k = 1; k <= 4; k++) w.write(k, IRHeader.scalar((k - 1) / 2, k).encodeWith(TestImages.png(k, 8)));
            w.write(5, IRHeader.array(new float[] {1, 3}, 5).encodeWith(new byte[0]));
            w.write(6, IRHeader.array(new float[] {3, 5}, 6).encodeWith(new byte[0]));
            w.commit();
        }
        return set;
    }

    private static void prependBom(Path file) throws IOException {
        byte[] body = Files.readAllBytes(file);
        byte[] withBom = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, withBom, 0, BOM.length);
        System.arraycopy(body, 0, withBom, BOM.length, body.length);
        Files.write(file, withBom);
    }

    @Test
    void byteOrderMarksInIndexAndPropertyAreAccepted() throws IOException {
        Path set = recordSet();
        prependBom(set.resolve("train.idx"));
        Files.write(set.resolve("property"), (new String(BOM, StandardCharsets.ISO_8859_1) + "2,8,8\r\n").getBytes(StandardCharsets.ISO_8859_1));
        RecordIoDataset ds = RecordIoDataset.open(set, ImageOptions.of(8));
        assertThat(ds.identityCount()).isEqualTo(2);
        assertThat(ds.propertyClassCount()).hasValue(2);
        assertThat(ds.imageKey(1, 1)).isEqualTo(4);
    }

    @Test
    void emptyPropertyIsTreatedAsAbsent() throws IOException {
        Path set = recordSet();
        Files.writeString(set.resolve("property"), " \n\n");
        RecordIoDataset ds = RecordIoDataset.open(set, ImageOptions.of(8));
        assertThat(ds.propertyClassCount()).isEmpty();
        assertThat(ds.identityCount()).isEqualTo(2);
    }

    @Test
    void parseErrorsNameFileLineAndField() throws IOException {
        Path set = recordSet();
        Files.writeString(set.resolve("property"), "2,eight,8\n");
        assertThatThrownBy(() -> RecordIoDataset.open(set, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(set.resolve("property").toString())
                .hasMessageContaining("line 1").hasMessageContaining("'height'").hasMessageContaining("eight");

        Files.delete(set.resolve("property"));
        Path idx = set.resolve("train.idx");
        String text = Files.readString(idx).replaceFirst("\n3\t", "\n3x\t");
        Files.writeString(idx, text);
        assertThatThrownBy(() -> RecordIoDataset.open(set, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(idx.toString()).hasMessageContaining("line 4").hasMessageContaining("'key'")
                .hasMessageContaining("3x");

        // bytes that are not UTF-8 (a Latin-1 editor's output) name the line, not "Input length = 1"
        Files.write(idx, new byte[] {'0', '\t', '0', '\n', '1', (byte) 0xe9, '\t', '4', '\n'});
        assertThatThrownBy(() -> RecordIoDataset.open(set, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining(idx.toString()).hasMessageContaining("line 2").hasMessageContaining("UTF-8")
                .hasMessageNotContaining("Input length");
    }

    @Test
    void listFileWithByteOrderMarkAndBadLabelNamesLineAndField() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.write(dir.resolve("a/x.png"), TestImages.png(1, 8));
        Files.write(dir.resolve("a/y.png"), TestImages.png(2, 8));
        Path list = dir.resolve("train.lst");
        Files.writeString(list, "\uFEFFa/x.png\t3\na/y.png\t3\n");
        assertThat(ListDataset.open(list, ImageOptions.of(8)).originalLabel(0)).isEqualTo("3");

        Files.writeString(list, "\uFEFFa/x.png\t3\na/y.png\tthree\n");
        assertThatThrownBy(() -> ListDataset.open(list, ImageOptions.of(8)))
                .hasMessageContaining(list.toString()).hasMessageContaining("line 2").hasMessageContaining("'label'")
                .hasMessageContaining("three");
    }
}
