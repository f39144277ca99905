package org.protoface.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.distributed.ClassShard;
import org.protoface.torch.Archives;
import org.protoface.torch.Torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeThatFailsHalfwayLeavesThePreviousCheckpointUsable(@TempDir Path dir) throws IOException {
        Checkpointer c = new Checkpointer(dir, 3);
        c.save(10, a -> Archives.writeLongs(a, "value", 10, 11), null);
        assertThatThrownBy(() -> c.save(20, a -> {
            Archives.writeLongs(a, "value", 20);
            throw new IllegalStateException("simulated crash during write");
        }, null)).hasMessageContaining("simulated crash");
        // the half-written step never got its final name
        assertThat(names(dir)).containsExactly("step-000000010", "step-000000020.tmp");
        Checkpointer.Loaded l = c.loadLatest().orElseThrow();
        assertThat(l.step()).isEqualTo(10);
        assertThat(valueOf(l)).containsExactly(10, 11);
        // the next successful checkpoint clears the leftover
        c.save(30, a -> Archives.writeLongs(a, "value", 30), null);
        assertThat(names(dir)).containsExactly("step-000000010", "step-000000030");
    }

    @Test
    void corruptNewestFallsBackToThePreviousOne(@TempDir Path dir) throws IOException {
        Checkpointer c = new Checkpointer(dir, 5);
        c.save(10, a -> Archives.writeLongs(a, "value", 10), null);
        Path twenty = c.save(20, a -> Archives.writeLongs(a, "value", 20), null);
        // a newest checkpoint whose shared file a failing disk truncated
        Path forty = dir.resolve("step-000000040");
        Files.createDirectories(forty);
        byte[] good = Files.readAllBytes(twenty.resolve(Checkpointer.COMMON));
        Files.write(forty.resolve(Checkpointer.COMMON), java.util.Arrays.copyOf(good, good.length / 3));
        Files.copy(twenty.resolve(Checkpointer.MANIFEST), forty.resolve(Checkpointer.MANIFEST));
        Checkpointer.Loaded l = c.loadLatest().orElseThrow();
        assertThat(l.step()).isEqualTo(20);
        assertThat(valueOf(l)).containsExactly(20);
    }

    @Test
    void aCheckpointWhoseClassFileIsMissingIsNotUsed(@TempDir Path dir) throws IOException {
        Checkpointer c = new Checkpointer(dir, 5);
        ClassShard all = ClassShard.of(7, 0, 1);
        c.save(10, a -> Archives.writeLongs(a, "value", 10), new Checkpointer.RankPart(all, a -> Archives.writeLongs(a, "rows", 1)));
        Path twenty = c.save(20, a -> Archives.writeLongs(a, "value", 20), new Checkpointer.RankPart(all, a -> Archives.writeLongs(a, "rows", 2)));
        assertThat(names(twenty)).containsExactly("checkpoint.json", "classes-0-7.pt", "train.pt");
        Checkpointer.Loaded latest = c.loadLatest().orElseThrow();
        assertThat(latest.manifest().classes()).containsExactly(new Checkpointer.ClassFile(0, 0, 7, "classes-0-7.pt"));
        assertThat(latest.manifest().numClasses()).isEqualTo(7);
        Files.delete(twenty.resolve("classes-0-7.pt"));
        assertThat(c.loadLatest().orElseThrow().step()).isEqualTo(10);
    }

    @Test
    void keepsOnlyTheNewestCheckpoints(@TempDir Path dir) throws IOException {
        Checkpointer c = new Checkpointer(dir, 2);
        for (long s = 1; s <= 4; s++) {
            long v = s;
            c.save(s, a -> Archives.writeLongs(a, "value", v), null);
        }
        assertThat(c.list()).extracting(p -> Checkpointer.stepOf(p)).containsExactly(4L, 3L);
    }

    @Test
    void aFolderWithOnlyOneFileCheckpointsSaysWhichVersionWroteThem(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("step-000000100.pt"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> new Checkpointer(dir, 2).loadLatest())
                .hasMessageContaining("step-000000100.pt was written by an earlier ProtoFace (one file per step)");
    }
}
