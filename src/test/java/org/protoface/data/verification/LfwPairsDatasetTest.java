package org.protoface.data.verification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.TestImages;
import org.protoface.data.io.ImageOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LfwPairsDatasetTest {
    @TempDir
    Path dir;

    private void face(String name, int index, int seed) throws IOException {
        Path p = dir.resolve(name).resolve(String.format("%s_%04d.jpg", name, index));
        Files.createDirectories(p.getParent());
        Files.write(p, TestImages.png(seed, 8));   // ImageIO sniffs the content, not the extension
    }

    @Test
    void pairsFollowTheFoldLayout() throws IOException, CorruptRecordException {
        face("Ann_Lee", 1, 1);
        face("Ann_Lee", 2, 2);
        face("Bo_Chen", 1, 3);
        face("Bo_Chen", 12, 4);
        face("Cy_Dao", 3, 5);
        // 2 folds x (1 same + 1 different)
        Files.writeString(dir.resolve("pairs.txt"),
                "2\t1\nAnn_Lee\t1\t2\nAnn_Lee\t1\tBo_Chen\t12\nBo_Chen\t1\t12\nCy_Dao\t3\tAnn_Lee\t2\n");
        LfwPairsDataset lfw = LfwPairsDataset.open(dir, ImageOptions.of(8));
        assertThat(lfw.pairCount()).isEqualTo(4);
        assertThat(lfw.foldCount()).isEqualTo(2);
        assertThat(new boolean[] {lfw.isSame(0), lfw.isSame(1), lfw.isSame(2), lfw.isSame(3)}).containsExactly(true, false, true, false);
        assertThat(lfw.imagePath(1, 1)).isEqualTo(dir.resolve("Bo_Chen/Bo_Chen_0012.jpg"));
        assertThat(lfw.imagePath(3, 0)).isEqualTo(dir.resolve("Cy_Dao/Cy_Dao_0003.jpg"));
        float[] dst = new float[192];
        lfw.load(3, 1, dst, 0);   // Ann_Lee_0002 = seed 2
        int p = TestImages.rgb(2, 7, 7);
        assertThat((double) dst[128 + 63]).isCloseTo(TestImages.normalised(p & 0xff), within(1e-6));
    }

    @Test
    void malformedPairsFilesNameTheLine() throws IOException {
        face("Ann_Lee", 1, 1);
        face("Ann_Lee", 2, 2);
        Path pairs = dir.resolve("pairs.txt");
        Files.writeString(pairs, "1\t1\nAnn_Lee\t1\nAnn_Lee\t1\tAnn_Lee\t2\n");
        assertThatThrownBy(() -> LfwPairsDataset.open(dir, ImageOptions.of(8)))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining(pairs + " line 2");
        Files.writeString(pairs, "1\t1\nAnn_Lee\t1\t2\nAnn_Lee\t1\tZed\t2\n");
        assertThatThrownBy(() -> LfwPairsDataset.open(dir, ImageOptions.of(8)))
                .hasMessageContaining("line 3").hasMessageContaining("Zed_0002.jpg");
        Files.writeString(pairs, "2\t1\nAnn_Lee\t1\t2\nAnn_Lee\t1\tAnn_Lee\t2\n");
        assertThatThrownBy(() -> LfwPairsDataset.open(dir, ImageOptions.of(8))).hasMessageContaining("promises 4 pairs").hasMessageContaining("found 2");
        Files.writeString(pairs, "ten\t1\n");
        assertThatThrownBy(() -> LfwPairsDataset.open(dir, ImageOptions.of(8))).hasMessageContaining("line 1");
    }
}
