package org.protoface.pipeline.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openlca.npy.Npy;
import org.openlca.npy.NpyArray;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NPY files checked with an independent reader (org.openlca:npy). */
class NpyWriterTest {
    @TempDir
    Path dir;

    @Test
    void anotherReaderSeesTheSameShapeAndValues() throws Exception {
        float[][] rows = {{1f, -2.5f, 3.25f}, {0f, Float.MIN_VALUE, -1e-7f}};
        Path file = dir.resolve("e.npy");
        NpyWriter.write(file, rows, 3);

        NpyArray<?> back = Npy.read(file.toFile());
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.hasColumnOrder()).isFalse();
        assertThat(back.isFloatArray()).isTrue();
        assertThat((float[]) back.data()).containsExactly(1f, -2.5f, 3.25f, 0f, Float.MIN_VALUE, -1e-7f);
        // header padded so that the data starts at a multiple of 64 bytes
        assertThat((Files.size(file) - 2 * 3 * 4) % 64).isZero();
    }

    @Test
    void emptyTableKeepsItsWidth() throws Exception {
        Path file = dir.resolve("none.npy");
        NpyWriter.write(file, new float[0][], 128);
        assertThat(Npy.read(file.toFile()).shape()).containsExactly(0, 128);
    }

    @Test
    void raggedRowsAreRefused() {
        assertThatThrownBy(() -> NpyWriter.write(dir.resolve("x.npy"), new float[][] {{1, 2}, {3}}, 2)).hasMessageContaining("row 1 has 1 values");
    }
}
