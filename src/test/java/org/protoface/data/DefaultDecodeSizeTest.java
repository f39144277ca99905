package org.protoface.data;

import org.protoface.data.source.DataSources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.io.FolderDataset;
import org.protoface.data.io.ImageOptions;
import org.protoface.data.io.ImageSizeSurvey;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With no size in the source, stored images are decoded at the size the caller (the encoder) needs. */
class DefaultDecodeSizeTest {
    @TempDir
    Path dir;

    /** 3 identities x 2 PNGs of 64 x 64; one 80 x 64 image when {@code oneWide}. */
    private Path faces(boolean oneWide) throws Exception {
        Path root = dir.resolve("faces");
        for (int id = 0; id < 3; id++) {
            Files.createDirectories(root.resolve("p" + id));
            for (int j = 0; j < 2; j++) {
                int w = oneWide && id == 2 && j == 1 ? 80 : 64;
                Files.write(root.resolve("p" + id + "/" + j + ".png"), TestImages.encode(TestImages.pattern(id * 2 + j, w, 64), "png"));
            }
        }
        return root;
    }

    @Test
    void fileSourcesDecodeAtTheCallersSizeUnlessTheSpecGivesOne() throws Exception {
        Path root = faces(false);
        FaceDataset at32 = DataSources.open("folder:" + root, 32);
        assertThat(at32.imageSize()).isEqualTo(32);
        float[] pixels = new float[3 * 32 * 32];
        at32.load(1, 0, pixels, 0);   // a 64 px image, resized to the requested 32 px
        assertThat(DataSources.open("folder:" + root + "?size=48", 32).imageSize()).isEqualTo(48);
        assertThat(DataSources.open("synthetic:identities=4,images=2,seed=1", 40).imageSize()).isEqualTo(40);
        assertThat(DataSources.open("synthetic:identities=4,images=2,size=24,seed=1", 40).imageSize()).isEqualTo(24);
    }

    @Test
    void theSizesFoundAreSurveyedAndNonSquareImagesCounted() throws Exception {
        Path root = faces(true);
        FolderDataset ds = FolderDataset.open(root, ImageOptions.of(32));
        ImageSizeSurvey survey = ImageSizeSurvey.of(ds);
        assertThat(survey.checked()).isEqualTo(6);
        assertThat(survey.sizes()).containsEntry("64 x 64", 5L).containsEntry("80 x 64", 1L);
        assertThat(survey.nonSquare()).isEqualTo(1);
        assertThat(survey.example()).contains("p2").contains("80 x 64");
        assertThat(survey.sizesLine()).isEqualTo("all 6 images: 64 x 64 (5), 80 x 64 (1)");
    }
}
