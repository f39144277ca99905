package org.protoface.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.config.Config;
import org.protoface.torch.Device;
import org.protoface.torch.PrecisionChoice;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;
import org.protoface.train.LoopConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole run in bf16: what it records, what stays float32, and how close it stays to fp32. */
class PrecisionRunTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static List<String> job(String precision, int steps) {
        List<String> sets = new ArrayList<>(Fp32RegressionTest.tinyJob("pm"));
        sets.removeIf(s -> s.startsWith("train.steps="));
        sets.add("train.steps=" + steps);
        sets.add("train.precision=" + precision);
        sets.addAll(List.of("eval.identities=24", "eval.images_per_identity=4", "eval.pairs=100", "eval.all_pairs_identities=10",
                "eval.all_pairs_images=4", "eval.baseline=false"));
        return sets;
    }

    private static List<JsonNode> metrics(Path out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) lines.add(json.readTree(line));
        return lines;
    }

    @Test
    void aBf16RunRecordsItsPrecisionKeepsWeightsAndStatisticsInFloat32AndStartsWhereFp32Does(@TempDir Path dir) throws Exception {
        TrainingRun bf16 = TrainingRun.build(Config.load("base", job("bf16", 6)), dir.resolve("bf16"));
        TrainingRun.Result result = bf16.run(RunFolder.Mode.OVERWRITE, true, new PrintStream(new ByteArrayOutputStream()));
        TrainingRun fp32 = TrainingRun.build(Config.load("base", job("fp32", 1)), dir.resolve("fp32"));
        fp32.run(RunFolder.Mode.OVERWRITE, false, new PrintStream(new ByteArrayOutputStream()));

        List<JsonNode> lines = metrics(dir.resolve("bf16"));
        assertThat(lines).hasSize(6);
        for (JsonNode n : lines) {
            assertThat(n.get("precision").asText()).isEqualTo("bf16");
            assertThat(Double.isFinite(n.get("loss").asDouble())).isTrue();
        }
        // the first step starts from the same weights and batch: only bfloat16 rounding separates the losses
        double first16 = lines.get(0).get("loss").asDouble();
        double first32 = metrics(dir.resolve("fp32")).get(0).get("loss").asDouble();
        assertThat(Math.abs(first16 - first32) / first32).as("relative difference of the first losses").isLessThan(2e-2);
        assertThat(first16).isNotEqualTo(first32);

        Config saved = Config.load(dir.resolve("bf16").resolve("config.yaml").toString(), List.of());
        assertThat(saved.get(LoopConfig.SECTION).precision()).isEqualTo("bf16");
        JsonNode eval = new ObjectMapper().readTree(dir.resolve("bf16").resolve("eval.json").toFile());
        assertThat(eval.get("precision").asText()).isEqualTo("bf16");
        assertThat(result.evaluation()).isPresent();

        // master weights and BatchNorm statistics stay float32
        for (StringTensorDict dict : List.of(bf16.setup().encoder().named_parameters(), bf16.setup().encoder().named_buffers())) {
            StringVector keys = dict.keys();
            for (long i = 0; i < keys.size(); i++) {
                String name = keys.get(i).getString();
                if (name.endsWith("num_batches_tracked")) continue;
                assertThat(Tensors.hasType(dict.get(name), torch.ScalarType.Float)).as(name).isTrue();
            }
        }
    }

    @Test
    void autoIsResolvedForThisCpuBeforeItIsSavedAndFp16IsRefusedOnTheCpu(@TempDir Path dir) {
        TrainingRun auto = TrainingRun.build(Config.load("base", job("auto", 1)), dir);
        String expected = PrecisionChoice.resolve("auto", Device.CPU, PrecisionChoice.cpuFlags()).precision().key();
        assertThat(auto.config().get(LoopConfig.SECTION).precision()).isEqualTo(expected);
        assertThat(auto.precision().key()).isEqualTo(expected);
        assertThatThrownBy(() -> TrainingRun.build(Config.load("base", job("fp16", 1)), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train.precision fp16 needs a CUDA device");
    }
}
