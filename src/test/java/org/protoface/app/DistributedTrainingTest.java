package org.protoface.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.encoder.EncoderIO;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;
import org.protoface.util.Folders;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code protoface train --nproc 2} (two child JVMs on loopback, rank 0 hosting the TCPStore)
 * against {@code protoface train} on one process with the same global batch (batch.size is the
 * global batch: 2 ranks x 8 images against 1 x 16): the same losses step by step and the same
 * encoder after 5 steps, for the model-parallel full softmax, Partial FC at r = 1 and Prototype
 * Memory on gathered embeddings; resuming a 2-rank checkpoint on 1 and on 2 ranks continues with
 * the uninterrupted run's losses.
 *
 * <p>BatchNorm is frozen ({@code dist.batch_norm: frozen}): with local statistics the
 * normalisation depends on how the batch is split, by design, and the runs would differ.
 *
 * <p>Tolerance: the two runs do the same float32 arithmetic except for the order of summation
 * (per-rank means then an all-reduce, against one mean over 16 samples; the cross-rank log-sum-exp
 * against one log-sum-exp). Gradients are not clipped (a clipped gradient would hide a wrong
 * scale), and the encoder's gradient norm is compared every step too. Each such sum is exact to a few float32 ulps (1.2e-7 relative); five
 * SGD steps with momentum at lr 0.1 amplify that by the loss's curvature, and the largest
 * difference seen was 2e-6 relative to the parameters' scale. 1e-4 of the largest parameter leaves
 * room for that while a real error (a gradient not averaged, one rank's slice of the batch missing,
 * a factor of the world size) changes parameters by a percent or more.
 */
class DistributedTrainingTest {
    static final double TOLERANCE = 1e-4;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** The tiny job: 16 identities x 4 images of 16 px, a global batch of 4 identities x 4, 5 steps. */
    static List<String> job(String head, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--no-eval", "--head", head));
        for (String s : List.of("data=synthetic:identities=16,images=4,size=16,seed=3", "encoder.input_size=16",
                "encoder.embedding_size=32", "batch.size=16", "train.steps=5", "train.log_every=1", "train.loader_workers=0",
                "train.threads=1", "train.checkpoint_every=3", "train.keep_checkpoints=5", "dist.batch_norm=frozen",
                "schedule.warmup_steps=0", "dist.timeout_s=60",
                // no clipping: a clipped gradient would hide a wrong gradient scale
                "optim.clip_grad_norm=0", "optim.lr=0.01",
                // float32 arithmetic on both sides ("auto" may pick bf16 on a CPU that has it)
                "train.precision=fp32")) {
            a.add("--set");
            a.add(s);
        }
        a.addAll(List.of(more));
        return a;
    }

    static String run(Path out, int nproc, List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString()));
        if (nproc > 1) all.addAll(List.of("--nproc", String.valueOf(nproc)));
        all.addAll(List.of(more));
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true));
        int code;
        try {
            code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true))
                    .execute(all.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        String said = console + err.toString();
        assertThat(code).as(said).isZero();
        return said;
    }

    static List<JsonNode> trainingLines(Path out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            if (n.has("loss")) lines.add(n);
        }
        return lines;
    }

    static float[] encoderParameters(Path out) throws Exception {
        TensorVector params = EncoderIO.load(out.resolve("model")).parameters();
        List<Float> all = new ArrayList<>();
        for (long i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            for (float v : Tensors.floats(p.detach().contiguous())) all.add(v);
        }
        float[] f = new float[all.size()];
        for (int i = 0; i < f.length; i++) f[i] = all.get(i);
        return f;
    }

    static void assertSameEncoder(Path got, Path want) throws Exception {
        float[] a = encoderParameters(got), b = encoderParameters(want);
        assertThat(a).hasSameSizeAs(b);
        double scale = 0, diff = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertThat(diff).as("largest parameter difference (largest parameter %s)", scale).isLessThanOrEqualTo(TOLERANCE * scale);
    }

    static void assertSameLosses(List<JsonNode> got, List<JsonNode> want) {
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).get("step").asLong()).isEqualTo(want.get(i).get("step").asLong());
            double w = want.get(i).get("loss").asDouble();
            assertThat(got.get(i).get("loss").asDouble()).as("loss of step %d", want.get(i).get("step").asLong())
                    .isCloseTo(w, org.assertj.core.data.Offset.offset(TOLERANCE * Math.max(1, Math.abs(w))));
            double g = want.get(i).get("grad_norm").asDouble();
            assertThat(got.get(i).get("grad_norm").asDouble()).as("encoder gradient norm of step %d", want.get(i).get("step").asLong())
                    .isCloseTo(g, org.assertj.core.data.Offset.offset(TOLERANCE * Math.max(1, Math.abs(g))));
        }
    }

    /** Two ranks against one: same losses, the same encoder, and only rank 0 wrote metrics (each step once, world size 2). */
    static List<JsonNode> twoRanksMatchOne(String name, String head, String... more) throws Exception {
        Path one = dir.resolve(name + "-1"), two = dir.resolve(name + "-2");
        run(one, 1, job(head, more));
        String said = run(two, 2, job(head, more));
        assertThat(said).contains("ranks:   2");
        List<JsonNode> lines = trainingLines(two);
        assertThat(lines).extracting(n -> n.get("step").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(lines).allSatisfy(n -> assertThat(n.get("world_size").asInt()).isEqualTo(2));
        assertThat(trainingLines(one)).allSatisfy(n -> assertThat(n.get("world_size").asInt()).isEqualTo(1));
        assertSameLosses(lines, trainingLines(one));
        assertSameEncoder(two, one);
        assertThat(two.resolve("logs/rank-1.log")).exists();
        return lines;
    }

    @Test
    void shardedFullSoftmaxOnTwoRanksTrainsLikeOneProcessAndResumesOnOneOrTwoRanks() throws Exception {
        twoRanksMatchOne("full", "full");
        Path two = dir.resolve("full-2");
        try (Stream<Path> s = Files.list(two.resolve("checkpoints/step-000000003"))) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("classes-0-8.pt", "classes-8-16.pt", "train.pt");
        }
        List<JsonNode> uninterrupted = trainingLines(two);
        for (int nproc : new int[] {1, 2}) {
            Path resumed = dir.resolve("full-resumed-on-" + nproc);
            stoppedAtStep3(two, resumed);
            run(resumed, nproc, job("full"), "--resume");
            assertSameLosses(trainingLines(resumed), uninterrupted);
            assertSameEncoder(resumed, two);
        }
    }

    @Test
    void partialFcAtRateOneOnTwoRanksTrainsLikeOneProcess() throws Exception {
        twoRanksMatchOne("pfc", "pfc", "--set", "pfc.sample_rate=1.0");
    }

    @Test
    void prototypeMemoryOnGatheredEmbeddingsTrainsLikeOneProcessWithIdenticalReplicas() throws Exception {
        List<JsonNode> lines = twoRanksMatchOne("pm", "pm", "--set", "pm.gather_embeddings=true");
        // the ranks compare replica fingerprints every log_every steps and stop the run on a mismatch
        List<JsonNode> checks = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("pm-2/metrics.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            if (n.has("pm_replica_checksum")) checks.add(n);
        }
        assertThat(checks).hasSize(5).allSatisfy(n -> assertThat(n.get("pm_replica_checksum").asText()).matches("[0-9a-f]{16}"));
        assertThat(lines).hasSize(5);
    }

    /** A copy of {@code run} as it was when step 3's checkpoint had been written. */
    static void stoppedAtStep3(Path run, Path copy) throws Exception {
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : all.toList()) {
                Path target = copy.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        Folders.deleteTree(copy.resolve("checkpoints/step-000000005"));
        Folders.deleteTree(copy.resolve("model"));
        List<String> kept = new ArrayList<>();
        for (String l : Files.readAllLines(copy.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(l);
            if (!n.has("step") || n.get("step").asLong() <= 3) kept.add(l);
        }
        Files.write(copy.resolve("metrics.jsonl"), kept);
    }
}
