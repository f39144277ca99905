package org.protoface.run;

import org.bytedeco.pytorch.Module;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.margin.CurricularFace;
import org.protoface.testing.SmallRuns;
import org.protoface.torch.Torch;
import org.protoface.train.TrainResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "A resumed run continues as if never interrupted", through {@link TrainingRun} with each real
 * head and the state it keeps: a run stopped at step k (a hook asks for the stop, the trainer
 * checkpoints) and resumed, and a run that dies after a periodic checkpoint and is resumed from
 * it, must end bit for bit where the uninterrupted run ends: every parameter and buffer of the
 * encoder and the head, every tensor of the final checkpoint (optimizer moments, sampler position,
 * libtorch's random state) and the loss of every step. One libtorch thread: every kernel then sums
 * in a fixed order, so no tolerance is needed.
 */
class ResumeEndToEndTest {
    private static final int STEPS = 12, STOP_AT = 6, CHECKPOINT_EVERY = 4, CRASH_AFTER = 10;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /**
     * One head kind with the state it carries across a checkpoint; {@code carriesState} checks on
     * the finished uninterrupted run that this state is really in play (so the comparison is not vacuous).
     */
    record Case(String name, List<String> settings, ThrowingCheck carriesState) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface ThrowingCheck {
        void accept(TrainingRun run) throws Exception;
    }

    static Stream<Case> cases() {
        return Stream.of(
                // memory slots (12) fewer than identities (24): prototypes are evicted; half of each
                // batch's identities come from the lookalike lists the memory's logits mined
                new Case("prototype memory, doppelganger sampling, curricularface",
                        List.of("head=pm", "pm.memory_size=12", "pm.doppelganger_fraction=0.5", "pm.doppelganger_neighbours=2",
                                "margin.type=curricularface"),
                        run -> {
                            assertThat(lookalikesAfter(run.out(), STOP_AT)).as("lookalike identities in the steps after the stop")
                                    .isPositive();
                            assertRunningTMoved(run);
                        }),
                new Case("partial fc r=0.5, arcface", List.of("head=pfc", "margin.type=arcface"),
                        run -> assertThat(SmallRuns.losses(run.out())).hasSize(STEPS)),
                new Case("d-softmax-k K=6, adamw", List.of("head=dsoftmax", "optim.type=adamw", "optim.lr=0.003"),
                        run -> assertThat(SmallRuns.losses(run.out())).hasSize(STEPS)),
                // dropout draws from libtorch's generator, whose state the checkpoint carries
                new Case("full softmax, curricularface, adamw, dropout",
                        List.of("head=full", "margin.type=curricularface", "optim.type=adamw", "optim.lr=0.003",
                                "encoder.dropout=0.2"),
                        ResumeEndToEndTest::assertRunningTMoved));
    }

    private static long lookalikesAfter(Path runDir, long step) throws IOException {
        long sum = 0;
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (n.has("lookalike_identities") && n.get("step").asLong() > step) sum += n.get("lookalike_identities").asLong();
        }
        return sum;
    }

    private static void assertRunningTMoved(TrainingRun run) {
        CurricularFace margin = (CurricularFace) ((MarginSoftmaxHead) run.setup().head()).margin();
        assertThat(margin.t()).as("curricularface t after the run").isNotZero();
    }

    private static String[] settings(Case c, String... more) {
        return Stream.concat(Stream.concat(c.settings().stream(), Stream.of("train.steps=" + STEPS)), Stream.of(more))
                .toArray(String[]::new);
    }

    /** What a finished run leaves: the live encoder's and head's tensors, the final checkpoint, the losses. */
    private record Ending(Map<String, long[]> encoder, Map<String, long[]> head, Map<String, List<long[]>> checkpoint,
                          Map<Long, Double> losses) {}

    private static Ending ending(TrainingRun run, TrainResult result) throws IOException {
        assertThat(result.stepsDone()).isEqualTo(STEPS);
        assertThat(result.interrupted()).isFalse();
        return new Ending(SmallRuns.tensors(run.setup().encoder()), SmallRuns.tensors((Module) run.setup().head()),
                SmallRuns.checkpointContent(result.lastCheckpoint()), SmallRuns.losses(run.out()));
    }

    private static void assertSameEnding(Ending actual, Ending expected) {
        assertThat(actual.losses()).as("losses by step").containsExactlyEntriesOf(expected.losses());
        assertThat(expected.losses()).hasSize(STEPS);
        assertBitEqual(actual.encoder(), expected.encoder(), "encoder");
        assertBitEqual(actual.head(), expected.head(), "head");
        assertThat(actual.checkpoint().keySet()).as("final checkpoint entries").isEqualTo(expected.checkpoint().keySet());
        for (String key : expected.checkpoint().keySet()) {
            List<long[]> a = actual.checkpoint().get(key), e = expected.checkpoint().get(key);
            assertThat(a).as("checkpoint entry %s", key).hasSameSizeAs(e);
            for (int i = 0; i < e.size(); i++) assertSameBits(a.get(i), e.get(i), "checkpoint entry " + key + " [" + i + "]");
        }
    }

    private static void assertBitEqual(Map<String, long[]> actual, Map<String, long[]> expected, String what) {
        assertThat(actual.keySet()).as("%s tensors", what).isEqualTo(expected.keySet());
        assertThat(expected).as("%s has state", what).isNotEmpty();
        for (String k : expected.keySet()) assertSameBits(actual.get(k), expected.get(k), what + " " + k);
    }

    /** Arrays.equals first: AssertJ's element-wise diff is quadratic, slow on a 37k-element weight. */
    private static void assertSameBits(long[] actual, long[] expected, String what) {
        if (Arrays.equals(actual, expected)) return;
        int i = Arrays.mismatch(actual, expected);
        throw new AssertionError(what + " differs at element " + i + " of " + expected.length + " (shape and bits: "
                + Arrays.toString(Arrays.copyOfRange(actual, 0, Math.min(actual.length, 8))) + "... vs "
                + Arrays.toString(Arrays.copyOfRange(expected, 0, Math.min(expected.length, 8))) + "...)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resumedRunsEndBitForBitWhereTheUninterruptedRunEnds(Case c, @TempDir Path dir) throws Exception {
        TrainingRun straight = SmallRuns.build(dir.resolve("straight"), settings(c));
        Ending expected = ending(straight, SmallRuns.train(straight, RunFolder.Mode.NEW).training());
        c.carriesState().accept(straight);

        // stopped by a hook after step STOP_AT, as Ctrl-C does; then resumed by a fresh build
        TrainingRun first = SmallRuns.build(dir.resolve("stopped"), settings(c));
        first.addHook(end -> {
            if (end.stepsDone() == STOP_AT) first.requestStop();
            return Map.of();
        });
        TrainResult partial = SmallRuns.train(first, RunFolder.Mode.NEW).training();
        assertThat(partial.interrupted()).isTrue();
        assertThat(partial.stepsDone()).isEqualTo(STOP_AT);
        TrainingRun resumed = SmallRuns.build(dir.resolve("stopped"), settings(c));
        assertSameEnding(ending(resumed, SmallRuns.train(resumed, RunFolder.Mode.RESUME).training()), expected);

        // a run that dies after step CRASH_AFTER (no checkpoint of its own) resumes from the
        // periodic checkpoint written after step 8 and redoes steps 8-9
        Path crashedDir = dir.resolve("crashed");
        TrainingRun crashing = SmallRuns.build(crashedDir, settings(c, "train.checkpoint_every=" + CHECKPOINT_EVERY));
        crashing.addHook(end -> {
            if (end.stepsDone() == CRASH_AFTER) throw new IOException("simulated crash");
            return Map.of();
        });
        assertThatThrownBy(() -> SmallRuns.train(crashing, RunFolder.Mode.NEW)).hasMessage("simulated crash");
        try (Stream<Path> files = Files.list(crashedDir.resolve("checkpoints"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("step-000000004", "step-000000008");
        }
        TrainingRun afterCrash = SmallRuns.build(crashedDir, settings(c, "train.checkpoint_every=" + CHECKPOINT_EVERY));
        assertSameEnding(ending(afterCrash, SmallRuns.train(afterCrash, RunFolder.Mode.RESUME).training()), expected);
    }
}
