package org.protoface.train;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Archives;
import org.protoface.torch.Torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointerTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static long[] valueOf(Checkpointer.Loaded l) {
        return Archives.readLongs(l.archive(), "value", "test");
    }

    @Test
    void writeThatFailsHalfwayLeavesThePreviousCheckpointUsable(@TempDir Path dir) throws IOException {
        Checkpointer c = new Checkpointer(dir, 3);
        c.save(10, a -> Archives.writeLongs(a, "value", 10, 11));
        assertThatThrownBy(() -> c.save(20, a -> {
            Archives.writeLongs(a, "value", 20);
            throw new IllegalStateException("simulated crash during write");
        })).hasMessageContaining("simulated crash");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("step-000000010.pt");
        }
        Checkpointer.Loaded l = c.loadLatest().orElseThrow();
        assertThat(l.step()).isEqualTo(10);
        assertThat(valueOf(l)).containsExactly(10, 11);
    }

    @Test
    void leftoverTempFileAndCorruptNewestFallBackToPrevious(@TempDir Path dir) throws IOException {
        Checkpointer c = new Checkpointer(dir, 5);
        c.save(10, a -> Archives.writeLongs(a, "value", 10));
        c.save(20, a -> Archives.writeLongs(a, "value", 20));
        // a process killed while writing step 30 leaves only its temporary file
        Files.write(dir.resolve("step-000000030.pt.tmp-999"), new byte[] {1, 2, 3});
        // a newest file truncated by a failing disk
        byte[] good = Files.readAllBytes(dir.resolve("step-000000020.pt"));
        Files.write(dir.resolve("step-000000040.pt"), java.util.Arrays.copyOf(good, good.length / 3));
        Checkpointer.Loaded l = c.loadLatest().orElseThrow();
        assertThat(l.step()).isEqualTo(20);
        assertThat(valueOf(l)).containsExactly(20);
    }

    @Test
    void keepsOnlyTheNewestCheckpoints(@TempDir Path dir) throws IOException {
        Checkpointer c = new Checkpointer(dir, 2);
        for (long s = 1; s <= 4; s++) {
            long v = s;
            c.save(s, a -> Archives.writeLongs(a, "value", v));
        }
        assertThat(c.list()).extracting(p -> Checkpointer.stepOf(p)).containsExactly(4L, 3L);
    }
}
