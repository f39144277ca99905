package org.protoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.TestImages;
import org.protoface.data.verification.BinFiles;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Torch;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code protoface eval --model DIR --bin a.bin b.bin}, end to end on hand-written pickles. */
class EvalSetsCommandTest {
    private static final int SIZE = 32;

    @TempDir
    Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** n pairs: even ones repeat an image (same), odd ones compare two patterns (different). */
    private Path bin(String name, int n, int seed) throws Exception {
        List<byte[]> images = new ArrayList<>();
        boolean[] same = new boolean[n];
        for (int p = 0; p < n; p++) {
            same[p] = p % 2 == 0;
            images.add(TestImages.jpeg(TestImages.pattern(seed + p, SIZE, SIZE)));
            images.add(TestImages.jpeg(TestImages.pattern(seed + p + (same[p] ? 0 : 500), SIZE, SIZE)));
        }
        Path file = dir.resolve(name + ".bin");
        Files.write(file, BinFiles.protocol2(images, same));
        return file;
    }

    private Path model() throws Exception {
        Torch.manualSeed(1);
        Path model = dir.resolve("run").resolve("model");
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.25, SIZE, 32)), model);
        return model;
    }

    @Test
    void aModelFolderWithoutItsRunsConfigIsEmbeddedInFp32UnlessTheUserSaysOtherwise() throws Exception {
        // the cpu preset's train.precision is "auto" (bf16 on CPUs with bfloat16 instructions); a
        // model moved out of its run folder was trained in an unknown precision, so eval must not
        // silently take the preset's
        Path a = bin("alpha", 20, 1);
        Path model = model();
        assertThat(model.getParent().resolve("config.yaml")).doesNotExist();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("--model", model.toString(), "--bin", a.toString(), "--json", dir.resolve("o.json").toString())).isZero();
        assertThat(out.toString()).contains("encoder forward in fp32");

        StringWriter out2 = new StringWriter();
        CommandLine cli2 = new CommandLine(new EvalCommand());
        cli2.setOut(new PrintWriter(out2, true));
        assertThat(cli2.execute("--model", model.toString(), "--bin", a.toString(), "--json", dir.resolve("o2.json").toString(),
                "--set", "train.precision=bf16")).isZero();
        assertThat(out2.toString()).contains("encoder forward in bf16");
    }

    @Test
    void evaluatesEachBinAndWritesOneObjectPerSet() throws Exception {
        Path a = bin("alpha", 20, 1), b = bin("beta", 30, 100);
        Path json = dir.resolve("out.json");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("--model", model().toString(), "--bin", a.toString(), b.toString(), "--json", json.toString());
        assertThat(code).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("alpha").contains("pairs 20", "accuracy", "TAR@FAR");
        assertThat(lines[1]).startsWith("beta").contains("pairs 30");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.fieldNames()).toIterable().containsExactly("alpha", "beta");
        int[] pairs = {20, 30};
        int k = 0;
        for (String set : List.of("alpha", "beta")) {
            JsonNode r = root.get(set);
            assertThat(r.get("pairs").asInt()).isEqualTo(pairs[k++]);
            // each same pair repeats one JPEG, so it decodes to one image and scores 1, above every
            // different pair: perfect separation in every fold, whatever the untrained encoder does
            assertThat(r.get("accuracy").asDouble()).isEqualTo(1.0);
            assertThat(r.get("accuracy_std").asDouble()).isEqualTo(0.0);
            assertThat(r.get("fold_accuracies")).hasSize(10).allSatisfy(f -> assertThat(f.asDouble()).isEqualTo(1.0));
            assertThat(r.get("auc").asDouble()).isEqualTo(1.0);
            assertThat(r.get("flip_test").asBoolean()).isTrue();   // the cpu preset's eval.flip
            assertThat(r.get("roc_source").asText()).isEqualTo("pairs");
            for (String field : List.of("threshold", "fold_thresholds", "tar_at_far", "tar_at_far_detail", "auc", "roc_curves", "summary")) {
                assertThat(r.has(field)).as(set + "." + field).isTrue();
            }
        }
    }

    @Test
    void everyModePrintsThroughTheCommandLinesWriter() throws Exception {
        // --scores: 20 pairs, the same ones scoring above the different ones
        StringBuilder lines = new StringBuilder();
        for (int p = 0; p < 20; p++) lines.append(p % 2 == 0 ? 0.9 - p * 0.01 : 0.1 + p * 0.01).append('\t').append(p % 2 == 0 ? 1 : 0).append('\n');
        Path scores = dir.resolve("scores.tsv");
        Files.writeString(scores, lines);
        StringWriter out = new StringWriter();
        int code = new CommandLine(new EvalCommand()).setOut(new PrintWriter(out, true)).execute("--scores", scores.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("accuracy").contains("written to " + dir.resolve("eval.json").toAbsolutePath());

        // held-out identities, a lone model folder (the cpu preset's synthetic identities at the model's size)
        Path json = dir.resolve("held-out.json");
        StringWriter out2 = new StringWriter();
        code = new CommandLine(new EvalCommand()).setOut(new PrintWriter(out2, true)).execute("--model", model().toString(),
                "--json", json.toString(), "--set", "eval.identities=12", "--set", "eval.images_per_identity=3", "--set", "eval.pairs=60",
                "--set", "eval.all_pairs_identities=6", "--set", "eval.all_pairs_images=3");
        assertThat(code).isZero();
        assertThat(out2.toString()).startsWith("data: ").contains("accuracy").contains("written to " + json);
    }

    @Test
    void defaultOutputLeavesTheRunsEvalJsonAlone() throws Exception {
        Path a = bin("gamma", 10, 7);
        Path model = model();
        Path runEval = model.getParent().resolve("eval.json");
        Files.writeString(runEval, "{}");
        int code = new CommandLine(new EvalCommand()).setOut(new PrintWriter(new StringWriter()))
                .execute("--model", model.toString(), "--bin", a.toString());
        assertThat(code).isZero();
        assertThat(Files.readString(runEval)).isEqualTo("{}");
        assertThat(new ObjectMapper().readTree(model.getParent().resolve("eval-sets.json").toFile()).has("gamma")).isTrue();
    }
}
