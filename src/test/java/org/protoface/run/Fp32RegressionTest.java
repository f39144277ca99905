package org.protoface.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.config.Config;
import org.protoface.torch.Torch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A regression guard against the code before mixed precision and the step-time work (issue 12):
 * fp32 training must stay bit for bit what it was. This is one of the rare tests whose oracle is
 * recorded output: the expected values below are not derived from the code under test now but
 * were produced by the old code, so any change in fp32 numerics (a different kernel, memory
 * format, reduction order, or a changed data hand-off) shows up as a mismatch.
 *
 * <p>How they were produced: this same job (a tiny IResNet-18 x0.25 at 32 px over 48 synthetic
 * identities, batch 16, 20 SGD steps, seed 5, one libtorch thread as surefire pins it) run through
 * {@link TrainingRun} on commit f68e156 of main (before branch "precision"), printing the
 * {@code loss} and {@code grad_norm} of every line of metrics.jsonl with {@code Double.toString}.
 * Re-running there gave the same bits twice. They hold for this machine's CPU and this libtorch
 * build; another CPU family may pick other kernels (OpenBLAS / oneDNN dispatch by ISA), in which
 * case re-record them from that commit on the new machine.
 */
class Fp32RegressionTest {
    /** {loss, grad_norm} per step, head "full" (full softmax over the 48 identities). */
    private static final double[][] FULL = {
            {18.512840270996094, 78.47438049316406}, {20.848581314086914, 81.96245574951172},
            {21.04698371887207, 70.67430114746094}, {20.05111312866211, 67.02994537353516},
            {21.15378189086914, 70.7536849975586}, {22.482200622558594, 57.17566680908203},
            {21.385345458984375, 52.89668655395508}, {22.170686721801758, 45.983394622802734},
            {20.37127685546875, 46.58693313598633}, {21.86589241027832, 36.453102111816406},
            {21.687917709350586, 38.35242462158203}, {19.140226364135742, 27.668649673461914},
            {20.03883171081543, 25.03485679626465}, {18.33686637878418, 23.320085525512695},
            {15.002589225769043, 18.187397003173828}, {16.879562377929688, 21.190061569213867},
            {18.661787033081055, 16.51407814025879}, {18.752439498901367, 17.74871826171875},
            {16.284984588623047, 17.12086296081543}, {16.31878089904785, 13.753837585449219}};

    /** {loss, grad_norm} per step, head "pm" (Prototype Memory, 16 slots). */
    private static final double[][] PM = {
            {1.2667006254196167, 77.10317993164062}, {4.616086006164551, 85.40019989013672},
            {4.5293288230896, 75.62946319580078}, {7.278524398803711, 82.83807373046875},
            {6.3802337646484375, 82.9168701171875}, {9.304546356201172, 64.1750717163086},
            {8.661319732666016, 49.40166473388672}, {14.39793586730957, 57.09614181518555},
            {11.197729110717773, 42.2539176940918}, {9.607303619384766, 44.07627868652344},
            {9.409996032714844, 46.031436920166016}, {17.27339744567871, 39.43941116333008},
            {13.737634658813477, 36.410362243652344}, {10.482145309448242, 33.05935287475586},
            {9.443184852600098, 24.09339141845703}, {11.38001823425293, 32.00188446044922},
            {13.36331558227539, 24.476911544799805}, {10.647384643554688, 26.59430694580078},
            {12.808652877807617, 29.943668365478516}, {10.867269515991211, 29.863554000854492}};

    @BeforeAll
    static void init() {
        Torch.init();
    }

    static List<String> tinyJob(String head) {
        return List.of("data=synthetic:identities=48,images=4,size=32,seed=7",
                "encoder.depth=18", "encoder.width=0.25", "encoder.input_size=32", "encoder.embedding_size=64",
                "head=" + head, "pm.memory_size=16", "margin.type=cosface", "margin.s=30", "margin.m3=0.35",
                "batch.size=16", "batch.images_per_identity=4", "optim.lr=0.1", "schedule.warmup_steps=5",
                "train.steps=20", "train.seed=5", "train.threads=1", "train.loader_workers=1", "train.log_every=1",
                "train.checkpoint_every=0", "eval.val_every=0", "train.precision=fp32");
    }

    static List<double[]> lossAndNorm(Path out, String head) throws Exception {
        TrainingRun run = TrainingRun.build(Config.load("base", tinyJob(head)), out);
        run.run(RunFolder.Mode.OVERWRITE, false, new PrintStream(new ByteArrayOutputStream()));
        ObjectMapper json = new ObjectMapper();
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.has("loss")) rows.add(new double[] {n.get("loss").asDouble(), n.get("grad_norm").asDouble()});
        }
        return rows;
    }

    @Test
    void fullSoftmaxLossesAreBitForBitThoseOfTheOldCode(@TempDir Path dir) throws Exception {
        assertThat(lossAndNorm(dir, "full")).containsExactly(FULL);
    }

    @Test
    void prototypeMemoryLossesAreBitForBitThoseOfTheOldCode(@TempDir Path dir) throws Exception {
        assertThat(lossAndNorm(dir, "pm")).containsExactly(PM);
    }
}
