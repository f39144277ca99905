package org.protoface.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RocPlotTest {

    private static RocCurve curve(String label, double shift, long seed) {
        Random random = new Random(seed);
        double[] g = new double[300];
        double[] i = new double[5000];
        for (int k = 0; k < g.length; k++) g[k] = random.nextGaussian() + shift;
        for (int k = 0; k < i.length; k++) i[k] = random.nextGaussian();
        return new Roc(g, i).curve(label, 400);
    }

    @Test
    void writesAReadablePngOfTheRequestedSize(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plots/roc.png");
        RocPlot.write(png, "ROC", List.of(curve("model", 3, 1), curve("raw pixels", 1, 2)), 640, 480);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
        try (var files = Files.list(png.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("roc.png");
        }
    }

    @Test
    void rejectsRepeatedLabels(@TempDir Path dir) {
        RocCurve c = curve("model", 2, 1);
        assertThatThrownBy(() -> RocPlot.write(dir.resolve("roc.png"), "ROC", List.of(c, c), 100, 100))
                .hasMessageContaining("'model' used twice");
    }
}
