package org.protoface.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.TestImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FolderAndListDatasetTest {
    @TempDir
    Path dir;

    private Path image(String relative, int seed) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, TestImages.png(seed, 8));
        return p;
    }

    @Test
    void foldersAreSortedAndEmptyOrNonImageEntriesSkipped() throws IOException, CorruptRecordException {
        Path root = dir.resolve("faces");
        image("faces/bob/b.png", 3);
        image("faces/bob/a.png", 2);
        image("faces/alice/x.jpg", 1);
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve("bob/notes.txt"), "not an image");
        Files.writeString(root.resolve("README"), "stray file");

        FolderDataset ds = FolderDataset.open(root, ImageOptions.of(8));
        assertThat(ds.identityCount()).isEqualTo(2);
        assertThat(ds.originalLabel(0)).isEqualTo("alice");
        assertThat(ds.originalLabel(1)).isEqualTo("bob");
        assertThat(ds.imageCount(1)).isEqualTo(2);
        assertThat(ds.imagePath(1, 0).getFileName().toString()).isEqualTo("a.png");
        float[] dst = new float[192];
        ds.load(1, 1, dst, 0);   // b.png, pattern seed 3
        int p = TestImages.rgb(3, 0, 0);
        assertThat((double) dst[0]).isCloseTo(TestImages.normalised(p >> 16 & 0xff), within(1e-6));
        assertThat(ds.describe()).contains("2 identities", "3 images");
        assertThatThrownBy(() -> FolderDataset.open(dir.resolve("missing"), ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("missing");
    }

    @Test
    void listLabelsAreGroupedAscendingAndPathsResolvedAgainstTheListFolder() throws IOException {
        image("set/img/1.png", 1);
        image("set/img/2.png", 2);
        image("set/img/3.png", 3);
        Path list = dir.resolve("set/train.lst");
        Files.writeString(list, "img/1.png\t42\n\nimg/2.png\t7\nimg/3.png\t42\n");
        ListDataset ds = ListDataset.open(list, ImageOptions.of(8));
        assertThat(ds.identityCount()).isEqualTo(2);
        assertThat(ds.originalLabel(0)).isEqualTo("7");
        assertThat(ds.originalLabel(1)).isEqualTo("42");
        assertThat(ds.imageCount(1)).isEqualTo(2);
        assertThat(ds.imagePath(1, 1)).isEqualTo(dir.resolve("set/img/3.png").toAbsolutePath().normalize());
    }

    @Test
    void badListLinesNameTheFileAndLine() throws IOException {
        image("l/a.png", 1);
        Path list = dir.resolve("l/list.txt");
        Files.writeString(list, "a.png\t1\na.png 2\n");
        assertThatThrownBy(() -> ListDataset.open(list, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining(list + " line 2");
        Files.writeString(list, "a.png\tone\n");
        assertThatThrownBy(() -> ListDataset.open(list, ImageOptions.of(8))).hasMessageContaining("line 1").hasMessageContaining("integer");
        Files.writeString(list, "a.png\t1\nb.png\t1\n");
        assertThatThrownBy(() -> ListDataset.open(list, ImageOptions.of(8))).hasMessageContaining("line 2").hasMessageContaining("does not exist");
    }

    @Test
    void unreadableImageFileIsACorruptRecordNamingIt() throws IOException {
        Path root = dir.resolve("f");
        Path broken = root.resolve("p/broken.png");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "garbage");
        FolderDataset ds = FolderDataset.open(root, ImageOptions.of(8));
        assertThatThrownBy(() -> ds.load(0, 0, new float[192], 0))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining(broken.toString());
    }
}
