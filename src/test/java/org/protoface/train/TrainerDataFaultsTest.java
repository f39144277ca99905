package org.protoface.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;
import org.protoface.testing.NormSoftmaxHead;
import org.protoface.testing.TestJob;
import org.protoface.torch.Device;
import org.protoface.testing.PatternFaces;
import org.protoface.testing.TinyEncoder;
import org.protoface.torch.Torch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A training identity none of whose images decodes is dropped; the run finishes and says so in metrics.jsonl. */
class TrainerDataFaultsTest {
    private static final int SIZE = 16, DIM = 16, IDS = 12;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** PatternFaces with every image of identity 5 corrupt. */
    private static final class OneBadIdentity implements FaceDataset {
        private final PatternFaces faces = new PatternFaces(IDS, 3, SIZE);

        @Override public int identityCount() { return IDS; }
        @Override public int imageCount(int identity) { return 3; }
        @Override public int imageSize() { return SIZE; }
        @Override public String describe() { return "pattern faces with a bad identity"; }

        @Override
        public void load(int identity, int index, float[] dst, int offset) throws CorruptRecordException {
            if (identity == 5) throw new CorruptRecordException("bad.rec key " + (100 + index) + ": truncated JPEG");
            faces.load(identity, index, dst, offset);
        }
    }

    @Test
    void droppedIdentityIsCountedAndTrainingFinishes(@TempDir Path dir) throws Exception {
        Torch.manualSeed(3);
        OptimConfig optim = new OptimConfig("sgd", 0.05, 0.9, 5e-4, true, 5.0, 0.9, 0.999, 1e-8);
        ScheduleConfig sched = new ScheduleConfig(0, "constant", 1.0, 0.0, List.of(), 0.1);
        // 8 steps of 4 identities over 12: every identity is drawn at least twice
        LoopConfig loop = new LoopConfig(8, 11, 0, 2, 2, 4, 0, 1);
        TestJob job = new TestJob(new TrainSetup(new TinyEncoder(SIZE, DIM), new NormSoftmaxHead(IDS, DIM), optim, sched, loop, dir,
                GradientSync.LOCAL, Device.CPU), new OneBadIdentity(), new BatchConfig(8, 2), AugmentConfig.flipOnly(0));
        TrainResult result = job.run(false, new PrintStream(new ByteArrayOutputStream()));
        assertThat(result.stepsDone()).isEqualTo(8);
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(last.get("dropped_identities").asLong()).isEqualTo(1);
        // README: corrupt_records counts images that failed to decode; the dropped identity's 3 count once
        assertThat(last.get("corrupt_records").asLong()).isEqualTo(3);
    }
}
