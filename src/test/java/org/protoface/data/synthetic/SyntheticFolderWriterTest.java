package org.protoface.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticFolderWriterTest {
    @TempDir
    Path temp;

    @Test
    void writesPngsAndLandmarksThatMatchTheRenderer() throws IOException {
        SyntheticSpec spec = new SyntheticSpec(12, 3, 24, 5, 1000, 1.0);
        Path out = temp.resolve("synth");
        SyntheticFolderWriter.Summary summary = new SyntheticFolderWriter(spec, 2).write(out);
        assertThat(summary.images()).isEqualTo(36);
        long onDisk;
        try (java.util.stream.Stream<Path> files = Files.walk(out)) {
            onDisk = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(summary.bytes()).as("bytes written: every PNG plus landmarks.tsv").isEqualTo(onDisk);

        SyntheticDataset dataset = new SyntheticDataset(spec);
        List<String> lines = Files.readAllLines(out.resolve("landmarks.tsv"));
        assertThat(lines).hasSize(36);
        for (int i = 0; i < lines.size(); i++) {
            int label = i / 3;
            int sample = i % 3;
            String[] fields = lines.get(i).split("\t");
            assertThat(fields).hasSize(12);
            assertThat(fields[0]).isEqualTo(String.format("%02d/%d.png", label, sample));
            assertThat(Integer.parseInt(fields[1])).isEqualTo(label);
            RenderedFace face = dataset.render(label, sample);
            for (int k = 0; k < 10; k++) {
                assertThat(Double.parseDouble(fields[2 + k])).isCloseTo(face.landmarks()[k],
                        org.assertj.core.api.Assertions.within(5e-4));
            }
            BufferedImage png = ImageIO.read(out.resolve(fields[0]).toFile());
            assertThat(png.getWidth()).isEqualTo(24);
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 24; x++) {
                    int argb = png.getRGB(x, y);
                    assertThat(new int[] {(argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF})
                            .as("%s pixel (%d, %d)", fields[0], x, y)
                            .containsExactly(face.value(x, y, 0), face.value(x, y, 1), face.value(x, y, 2));
                }
            }
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void refusesANonEmptyDirectory() throws IOException {
        Files.writeString(temp.resolve("other.txt"), "x");
        assertThatThrownBy(() -> new SyntheticFolderWriter(new SyntheticSpec(1, 1, 16, 0, 0, 1.0), 1).write(temp))
                .isInstanceOf(IOException.class).hasMessageContaining("not empty").hasMessageContaining(temp.toString());
    }
}
