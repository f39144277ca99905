package org.protoface.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.encoder.Encoder;
import org.protoface.head.full.FullSoftmaxScorer;
import org.protoface.head.HeadStep;
import org.protoface.head.Margin;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.margin.NormFace;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.memory.PrototypeMemory;
import org.protoface.head.memory.ReplicaChecksum;
import org.protoface.head.memory.PrototypeMemoryScorer;
import org.protoface.head.loss.DissectedSoftmaxLoss;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One job of two ranks (child JVMs on loopback, started by {@link LocalLauncher}) runs
 * {@link TwoRankProgram}; each test compares what the ranks observed with a single-process
 * computation of the same thing in this JVM.
 *
 * <p>Tolerance: the two ranks and the single process add the same float32 terms in different
 * orders (a batch of 2B reduced at once against two batches of B reduced and then averaged;
 * class shards summed across ranks). Each gradient entry here is a sum of at most a few thousand
 * products, so reordering moves it by a few units in the last place of the largest terms: about
 * 1e-7 to 1e-6 of the tensor's largest magnitude (measured here: at most 1.5e-6 for the IResNet
 * gradients, 3e-7 for the heads). The tests allow 2e-5 of the largest magnitude: over 10x above
 * that, and four orders of magnitude below
 * what a real mistake produces (a missing rank's contribution, a gradient averaged twice or
 * scaled by the world size once too often all change entries by 50% or more).
 */
class TwoRankTest {
    static final double RELATIVE = 2e-5;
    static final Path MALLOC_DEBUG = Path.of("/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0");

    @TempDir
    static Path dir;
    static JsonNode[] ranks = new JsonNode[2];
    static String output;

    @BeforeAll
    static void runJob() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        LocalLauncher launcher = new LocalLauncher(2, TwoRankProgram.class.getName(), List.of(dir.toString()))
                .logDir(dir.resolve("logs")).stopGrace(Duration.ofSeconds(5)).console(console, console);
        // glibc's checking allocator, where present, makes the ranks abort on a double free or a
        // corrupted heap (a store owned twice, freed when the group is released) instead of
        // carrying on and crashing some time later
        if (Files.exists(MALLOC_DEBUG)) {
            launcher.env("LD_PRELOAD", MALLOC_DEBUG.toString()).env("GLIBC_TUNABLES", "glibc.malloc.check=3");
        }
        LocalLauncher.Outcome outcome = launcher.run();
        output = out.toString(StandardCharsets.UTF_8);
        assertThat(outcome.exitCode()).as("job outcome %s; rank 1 log:%n%s", outcome, log(1)).isZero();
        for (int r = 0; r < 2; r++) ranks[r] = new ObjectMapper().readTree(dir.resolve("rank-" + r + ".json").toFile());
    }

    private static String log(int rank) {
        try {
            return Files.readString(dir.resolve("logs").resolve("rank-" + rank + ".log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }

    @Test
    void onlyRankZeroSpeaksWithItsPrefix() {
        assertThat(output).contains("[rank 0] ").contains("rank 0 of 2 joined").doesNotContain("[rank 1]");
        assertThat(log(1)).contains("rank 1 of 2 joined");
    }

    @Test
    void collectivesGiveTheValuesTheyMust() {
        for (JsonNode r : ranks) {
            assertThat(floats(r, "sum")).containsExactly(3f, 30f);
            assertThat(floats(r, "mean")).containsExactly(1.5f, 15f);
            assertThat(floats(r, "max")).containsExactly(5f, 2f);
            assertThat(floats(r, "gather_equal")).containsExactly(0f, 0.5f, 1f, 1.5f);
            assertThat(floats(r, "gather_uneven")).containsExactly(1f, 1f, 1f, 1f, 1f, 1f, 2f, 2f);
            assertThat(longs(r, "gather_uneven_counts")).containsExactly(3L, 1L);
            assertThat(longs(r, "gather_empty_counts")).containsExactly(0L, 2L);
            assertThat(floats(r, "broadcast")).containsExactly(42f, 43f);
            assertThat(longs(r, "gather_long")).containsExactly(100L, 101L);
        }
    }

    @Test
    void rowGatherReturnsEveryRanksRowsInRankOrderWhateverTheCapacity() {
        for (JsonNode r : ranks) {
            JsonNode calls = r.get("row_gather");
            long capacity = 0;
            for (int k = 0; k < TwoRankFixtures.ROW_GATHER_COUNTS.length; k++) {
                long[] counts = TwoRankFixtures.ROW_GATHER_COUNTS[k];
                JsonNode call = calls.get(k);
                List<Float> expected = new ArrayList<>();
                for (int rank = 0; rank < 2; rank++) {
                    for (int i = 0; i < counts[rank]; i++) {
                        expected.add((float) (100 * rank + i));
                        expected.add((float) -(100 * rank + i));
                    }
                }
                assertThat(longs(call, "counts")).as("call %d", k).containsExactly(counts);
                assertThat(floats(call, "rows")).as("call %d", k).containsExactly(toArray(expected));
                // every rank grows the capacity to the largest count seen, so the ranks stay in step
                assertThat(call.get("capacity_before").asLong()).as("capacity before call %d", k).isEqualTo(capacity);
                capacity = Math.max(capacity, Math.max(counts[0], counts[1]));
            }
            assertThat(longs(r, "gathered_labels")).containsExactly((1L << 40), -(1L << 33), Long.MAX_VALUE,
                    (1L << 40) + 1, -(1L << 33) - 1, Long.MAX_VALUE - 1);
            assertThat(floats(r, "gathered_embeddings")).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
        }
    }

    private static float[] toArray(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) a[i] = values.get(i);
        return a;
    }

    @Test
    void dataParallelGradientsEqualOneProcessWithTheGlobalBatch() {
        assertThat(ranks[0].get("dp_buckets").asLong()).as("small buckets: several all-reduces overlap backward").isGreaterThan(1);
        Encoder encoder = TwoRankFixtures.dpEncoder(TwoRankFixtures.DP_SEED);
        TensorVector params = encoder.parameters();
        float[] start = TwoRankFixtures.flat(params, false);
        // rank 1 initialised itself from another seed: the broadcast made rank 0's weights everyone's
        for (JsonNode r : ranks) assertThat(floats(r, "dp_params_start")).isEqualTo(start);
        SGD sgd = TwoRankFixtures.sgd(params, TwoRankFixtures.DP_LR);
        for (int step = 0; step < TwoRankFixtures.DP_STEPS; step++) {
            sgd.zero_grad(true);
            Tensor emb = encoder.forward(TwoRankFixtures.dpImages(step, -1));
            TwoRankFixtures.dpLoss(emb, TwoRankFixtures.dpTargets(step, -1)).backward();
            float[] reference = TwoRankFixtures.flat(params, true);
            for (JsonNode r : ranks) assertClose("gradient at step " + step, floats(r.get("dp_grads").get(step)), reference);
            sgd.step();
        }
        float[] end = TwoRankFixtures.flat(params, false);
        for (JsonNode r : ranks) assertClose("parameters after " + TwoRankFixtures.DP_STEPS + " steps", floats(r, "dp_params_end"), end);
    }

    @Test
    void shardedSoftmaxEqualsTheFullSoftmaxOverAllClasses() {
        for (Map.Entry<String, Margin> m : TwoRankFixtures.margins().entrySet()) {
            FullSoftmaxScorer scorer = referenceScorer();
            Reference ref = reference(new MarginSoftmaxHead(scorer, m.getValue(), new SoftmaxCrossEntropy()), scorer);
            for (int r = 0; r < 2; r++) {
                JsonNode got = ranks[r].get("mp").get(m.getKey());
                String what = m.getKey() + " on rank " + r;
                assertThat(got.get("loss").asDouble()).as(what + " loss").isCloseTo(ref.loss, within(1e-5 * Math.abs(ref.loss)));
                assertThat(got.get("loss_tensor").asDouble()).as(what + " loss tensor").isCloseTo(ref.loss, within(1e-5 * Math.abs(ref.loss)));
                assertThat(got.get("train_acc").asDouble()).as(what + " train accuracy").isEqualTo(ref.trainAcc);
                assertThat(got.get("target_cos_mean").asDouble()).as(what).isCloseTo(ref.targetCos, within(1e-6));
                assertClose(what + " embedding gradient", floats(got, "embedding_grad"), rows(ref.embeddingGrad, r * 5L, 5));
                long start = got.get("shard_start").asLong(), count = got.get("shard_count").asLong();
                assertThat(start).isEqualTo(r == 0 ? 0 : 6);
                assertClose(what + " shard gradient", floats(got, "shard_grad"), rows(ref.weightGrad, start, count));
            }
            // the margins change the loss: the comparison is not between identical numbers by accident
            assertThat(ref.trainAcc).isBetween(0.1, 0.9);
        }
        FullSoftmaxScorer scorer = referenceScorer();
        Reference d = reference(new MarginSoftmaxHead(scorer, new NormFace(16), new DissectedSoftmaxLoss(16, 0.5, 0.1)), scorer);
        for (int r = 0; r < 2; r++) {
            JsonNode got = ranks[r].get("mp").get("dsoftmax");
            assertThat(got.get("loss").asDouble()).as("d-softmax loss").isCloseTo(d.loss, within(1e-5 * d.loss));
            assertThat(got.get("train_acc").asDouble()).isEqualTo(d.trainAcc);
            assertClose("d-softmax embedding gradient", floats(got, "embedding_grad"), rows(d.embeddingGrad, r * 5L, 5));
            assertClose("d-softmax shard gradient", floats(got, "shard_grad"), rows(d.weightGrad, r == 0 ? 0 : 6, r == 0 ? 6 : 5));
        }
    }

    @Test
    void dataAndModelParallelTrainingEqualsOneProcess() {
        Encoder encoder = TwoRankFixtures.mixEncoder();
        FullSoftmaxScorer scorer = referenceScorer();
        MarginSoftmaxHead head = new MarginSoftmaxHead(scorer, TwoRankFixtures.margins().get("cosface"), new SoftmaxCrossEntropy());
        SGD encoderSgd = TwoRankFixtures.sgd(encoder.parameters(), TwoRankFixtures.MIX_LR);
        SGD headSgd = TwoRankFixtures.sgd(new TensorVector(scorer.weight()), TwoRankFixtures.MIX_LR);
        Tensor labels = TwoRankFixtures.mpLabels(-1);
        for (int step = 0; step < TwoRankFixtures.MIX_STEPS; step++) {
            encoderSgd.zero_grad(true);
            headSgd.zero_grad(true);
            HeadStep hs = head.forward(encoder.forward(TwoRankFixtures.mixImages(step, -1)), labels, step);
            hs.loss().backward();
            encoderSgd.step();
            headSgd.step();
            for (JsonNode r : ranks) {
                assertThat(r.get("mix_losses").get(step).asDouble()).as("loss at step " + step)
                        .isCloseTo(hs.loss().item_double(), within(1e-5 * hs.loss().item_double()));
            }
        }
        for (JsonNode r : ranks) {
            long[] pointers = longs(r, "mix_pointer_counts");
            // one object left outside the scope per step adds 130; the count may also fall, when
            // garbage from before the loop is collected meanwhile
            assertThat(pointers[1] - pointers[0]).as("native objects tracked after %d steps minus after step 20",
                    TwoRankFixtures.FLAT_STEPS).isLessThan(50);
        }
        float[] w = Tensors.floats(scorer.weight());
        for (int r = 0; r < 2; r++) {
            assertClose("encoder on rank " + r, floats(ranks[r], "mix_encoder"), TwoRankFixtures.flat(encoder.parameters(), false));
            assertClose("class shard of rank " + r, floats(ranks[r], "mix_shard"), rows(w, r == 0 ? 0 : 6, r == 0 ? 6 : 5));
        }
    }

    @Test
    void prototypeExchangeWritesTheSameListInRankOrderEverywhere() {
        float[] rank0 = TwoRankFixtures.exchangeRows(0), rank1 = TwoRankFixtures.exchangeRows(1);
        int d = TwoRankFixtures.PM_DIM;
        // rank 0: 5, 9, 2; rank 1: 7, 9 -> rank 0's 9 gives way to rank 1's, which comes later
        long[] labels = {5, 2, 7, 9};
        float[] rows = concat(slice(rank0, 0, d), slice(rank0, 2, d), slice(rank1, 0, d), slice(rank1, 1, d));
        PrototypeMemory replica = new PrototypeMemory(4, d, 0);
        replica.write(labels, rows, 1);
        long expected = ReplicaChecksum.of(replica);
        for (JsonNode r : ranks) {
            assertThat(longs(r, "exchange_labels")).containsExactly(labels);
            assertThat(floats(r, "exchange_rows")).containsExactly(rows);
            assertThat(longs(r, "exchange_counts")).containsExactly(3L, 2L);
            assertThat(r.get("exchange_duplicates").asInt()).isEqualTo(1);
            assertThat(longs(r, "exchange_checksums")).containsExactly(expected, expected);
        }
    }

    @Test
    void gatheredPrototypeMemoryMatchesOneProcessAndKeepsIdenticalReplicas() {
        MarginSoftmaxHead head = TwoRankFixtures.pmHead();
        for (int step = 0; step < TwoRankFixtures.PM_LABELS.length; step++) {
            Tensor leaf = TwoRankFixtures.pmEmbeddings(step, -1).set_requires_grad(true);
            HeadStep hs = head.forward(leaf, TwoRankFixtures.pmLabels(step, -1), step);
            hs.loss().backward();
            float[] grad = Tensors.floats(leaf.grad());
            head.afterOptimizerStep(step, 0.1);
            long checksum = ReplicaChecksum.of(((PrototypeMemoryScorer) head.scorer()).memory());
            for (int r = 0; r < 2; r++) {
                JsonNode got = ranks[r];
                assertThat(got.get("pm_losses").get(step).asDouble()).isCloseTo(hs.loss().item_double(), within(1e-6));
                assertClose("prototype memory gradient at step " + step, floats(got.get("pm_grads").get(step)), rows(grad, r * 4L, 4, TwoRankFixtures.PM_DIM));
                // bit-identical replicas on both ranks, and the same memory one process builds
                assertThat(longs(got.get("pm_checksums").get(step))).containsExactly(checksum, checksum);
            }
        }
    }

    private record Reference(double loss, double trainAcc, double targetCos, float[] embeddingGrad, float[] weightGrad) {}

    private static FullSoftmaxScorer referenceScorer() {
        FullSoftmaxScorer scorer = new FullSoftmaxScorer(TwoRankFixtures.MP_CLASSES, TwoRankFixtures.MP_DIM);
        try (NoGradGuard g = new NoGradGuard()) {
            scorer.weight().copy_(ShardInit.normalRows(TwoRankFixtures.MP_SEED, 0, TwoRankFixtures.MP_CLASSES, TwoRankFixtures.MP_DIM, 0.01));
        }
        return scorer;
    }

    private static Reference reference(MarginSoftmaxHead head, FullSoftmaxScorer scorer) {
        Torch.init();
        Tensor leaf = TwoRankFixtures.mpEmbeddings(-1).set_requires_grad(true);
        HeadStep hs = head.forward(leaf, TwoRankFixtures.mpLabels(-1), 0);
        hs.loss().backward();
        return new Reference(hs.loss().item_double(), hs.telemetry().get("train_acc"), hs.telemetry().get("target_cos_mean"),
                Tensors.floats(leaf.grad()), Tensors.floats(scorer.weight().grad()));
    }

    /** |got - want| <= RELATIVE * max|want| element-wise, and the reference is not all zeros. */
    static void assertClose(String what, float[] got, float[] want) {
        assertThat(got).as(what + ": length").hasSize(want.length);
        double scale = 0, worst = 0;
        int at = -1;
        for (float v : want) scale = Math.max(scale, Math.abs(v));
        assertThat(scale).as(what + ": reference is finite and not all zeros").isPositive().isFinite();
        for (float v : got) assertThat(v).as(what + ": every value finite").isFinite();
        for (int i = 0; i < got.length; i++) {
            double diff = Math.abs(got[i] - want[i]);
            if (diff > worst) {
                worst = diff;
                at = i;
            }
        }
        assertThat(worst).as("%s: largest difference at %d (%s vs %s), scale %s", what, at,
                at < 0 ? "" : got[at], at < 0 ? "" : want[at], scale).isLessThanOrEqualTo(RELATIVE * scale);
    }

    /** Rows [first, first + count) of a row-major matrix of width MP_DIM. */
    static float[] rows(float[] matrix, long first, long count) {
        return rows(matrix, first, count, TwoRankFixtures.MP_DIM);
    }

    static float[] rows(float[] matrix, long first, long count, int width) {
        return Arrays.copyOfRange(matrix, (int) (first * width), (int) ((first + count) * width));
    }

    private static float[] slice(float[] rows, int row, int d) {
        return Arrays.copyOfRange(rows, row * d, (row + 1) * d);
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int k = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    static float[] floats(JsonNode node, String field) {
        return floats(node.get(field));
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }

    static long[] longs(JsonNode node, String field) {
        return longs(node.get(field));
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asLong();
        return out;
    }
}
