package org.protoface.lab.obsolescence;

import org.protoface.lab.heads.HeadCase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.config.Config;
import org.protoface.encoder.EncoderSpec;
import org.protoface.head.memory.PrototypeMemoryConfig;
import org.protoface.head.sampled.DSoftmaxKConfig;
import org.protoface.head.sampled.PartialFcConfig;
import org.protoface.torch.Torch;
import org.protoface.train.BatchConfig;
import org.protoface.train.LoopConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObsolescencePlanTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void quickVariantsDifferOnlyInTheirHead() {
        ObsolescencePlan plan = ObsolescencePlan.of("cpu", true, List.of("train.steps=12"), ObsolescencePlan.DEFAULT_METHODS, 2);
        assertThat(plan.methods()).extracting(HeadCase::label).containsExactly("full", "pfc:0.1", "pfc:0.01", "dsoftmax:1024", "pm:2048");
        List<Config> configs = plan.methods().stream().map(plan::config).toList();

        assertThat(configs).extracting(c -> c.string("head")).containsExactly("full", "pfc", "pfc", "dsoftmax", "pm");
        assertThat(configs.get(1).get(PartialFcConfig.SECTION).sampleRate()).isEqualTo(0.1);
        assertThat(configs.get(2).get(PartialFcConfig.SECTION).sampleRate()).isEqualTo(0.01);
        assertThat(configs.get(1).get(PartialFcConfig.SECTION).driftEvery()).isEqualTo(1);
        assertThat(configs.get(3).get(DSoftmaxKConfig.SECTION).negatives()).isEqualTo(1024);
        assertThat(configs.get(4).get(PrototypeMemoryConfig.SECTION).memorySize()).isEqualTo(2048);
        for (Config c : configs) {
            // the quick size, with the user's override on top, for every method alike
            assertThat(c.string("data")).isEqualTo("synthetic:identities=2000,images=4,size=16,seed=7");
            assertThat(c.get(EncoderSpec.SECTION)).isEqualTo(configs.get(0).get(EncoderSpec.SECTION));
            assertThat(c.get(EncoderSpec.SECTION).inputSize()).isEqualTo(16);
            assertThat(c.get(BatchConfig.SECTION)).isEqualTo(new BatchConfig(32, 4));
            assertThat(c.get(LoopConfig.SECTION).steps()).isEqualTo(12);
        }
        // apart from the head keys, the trees are identical
        List<String> withoutHeads = new ArrayList<>();
        for (Config c : configs) {
            var tree = c.tree();
            for (String k : List.of("head", "pfc", "dsoftmax", "pm")) tree.remove(k);
            withoutHeads.add(tree.toString());
        }
        assertThat(withoutHeads).containsOnly(withoutHeads.get(0));
    }

    @Test
    void theMethodsHeadWinsOverAUserOverride() {
        ObsolescencePlan plan = ObsolescencePlan.of("cpu", false, List.of("head=full", "pm.memory_size=7"), "pm:512", 1);
        Config c = plan.config(plan.methods().get(0));
        assertThat(c.string("head")).isEqualTo("pm");
        assertThat(c.get(PrototypeMemoryConfig.SECTION).memorySize()).isEqualTo(512);
        assertThat(c.string("data")).isEqualTo("synthetic:identities=20000,images=4,size=32,seed=7");
    }

    @Test
    void evaluationsAreEvenlySpacedAndEndAtTheLastStep() {
        assertThat(ObsolescencePlan.evaluationSteps(1200, 4)).containsExactly(300, 600, 900, 1200);
        assertThat(ObsolescencePlan.evaluationSteps(10, 3)).containsExactly(3, 7, 10);
        assertThat(ObsolescencePlan.evaluationSteps(2, 5)).containsExactly(1, 2);
        assertThat(ObsolescencePlan.evaluationSteps(30, 1)).containsExactly(30);
        assertThat(ObsolescencePlan.folderName(HeadCase.parse("pfc:0.01"))).isEqualTo("pfc-0.01");
    }

    @Test
    void aTinyStudyTrainsEvaluatesAndReports(@TempDir Path out) throws Exception {
        List<String> tiny = List.of("data=synthetic:identities=40,images=4,size=16,seed=3", "batch.size=16", "train.steps=4",
                "train.log_every=1", "train.loader_workers=0", "train.threads=1", "eval.identities=20", "eval.images_per_identity=4",
                "eval.pairs=40", "eval.all_pairs_identities=6", "eval.all_pairs_images=4", "eval.baseline=false", "eval.flip=false");
        ObsolescencePlan plan = ObsolescencePlan.of("cpu", true, tiny, "full,pfc:0.5,pm:16", 2);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        List<VariantResult> results = new ArrayList<>();
        for (HeadCase m : plan.methods()) {
            results.add(ObsolescenceRunner.run(plan, m, out.resolve(ObsolescencePlan.folderName(m)), true, quiet));
        }
        for (VariantResult r : results) {
            assertThat(r.ran()).as(r.method()).isTrue();
            assertThat(r.evaluations()).extracting(EvalPoint::step).containsExactly(2L, 4L);
            // the final point is the evaluation written to the method's eval.json
            JsonNode eval = new ObjectMapper().readTree(out.resolve(ObsolescencePlan.folderName(HeadCase.parse(r.method())))
                    .resolve("eval.json").toFile());
            assertThat(r.last().accuracy()).isEqualTo(eval.get("accuracy").asDouble());
        }
        assertThat(out.resolve("pfc-0.5/evals/step-000000002.json")).exists();
        assertThat(out.resolve("pfc-0.5/eval.json")).exists();
        // full softmax ages follow from the method, the others are measured (steps 3 and 4 are the second half)
        assertThat(results.get(0).agesByConstruction()).isTrue();
        assertThat(results.get(1).ages().linesWithAges()).isEqualTo(2);
        assertThat(results.get(1).ages().histogram()).isNotNull();
        assertThat(results.get(1).ages().linesWithDrift()).isEqualTo(2);
        assertThat(results.get(2).ages().series()).isNotEmpty();

        // a rerun reuses result.json instead of training again: a training run would first clear
        // checkpoints/ (taking the marker with it) and rewrite metrics.jsonl
        Path marker = Files.writeString(out.resolve("pfc-0.5/checkpoints/marker"), "left by the test");
        Path metrics = out.resolve("pfc-0.5/metrics.jsonl");
        String metricsBefore = Files.readString(metrics);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        VariantResult again = ObsolescenceRunner.run(plan, plan.methods().get(1), out.resolve("pfc-0.5"), true, new PrintStream(console));
        assertThat(console.toString()).startsWith("pfc:0.5: reusing " + out.resolve("pfc-0.5/result.json"));
        assertThat(marker).exists();
        assertThat(Files.readString(metrics)).isEqualTo(metricsBefore);
        assertThat(again.toJson()).isEqualTo(results.get(1).toJson());

        String md = ObsolescenceReport.markdown(plan, results);
        assertThat(md).contains("| full |").contains("| pfc:0.5 |").contains("| pm:16 |").contains("by construction");
        ObsolescenceReport.writeJson(out.resolve("obsolescence.json"), plan, results);
        ObsolescencePlots.ages(out.resolve("ages.png"), results);
        ObsolescencePlots.ageHistogram(out.resolve("age-histogram.png"), results);
        ObsolescencePlots.accuracy(out.resolve("accuracy.png"), results);
        for (String f : List.of("obsolescence.json", "ages.png", "age-histogram.png", "accuracy.png")) {
            assertThat(Files.size(out.resolve(f))).as(f).isGreaterThan(100);
        }
    }
}
