package org.protoface.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvalReportTest {

    static EvalResult sampleResult() {
        double[] acc = {0.97, 0.98, 0.96, 0.97, 0.99, 0.97, 0.98, 0.96, 0.97, 0.95};
        double[] thr = {0.31, 0.30, 0.32, 0.31, 0.29, 0.30, 0.31, 0.33, 0.30, 0.31};
        TenFoldResult model = new TenFoldResult(6000, acc, thr, 0.97, 0.0109544511501033, 0.308);
        TenFoldResult raw = new TenFoldResult(6000, thr, acc, 0.31, 0.01, 0.97);
        List<TarAtFar> tars = List.of(new TarAtFar(1e-3, 0.9, 0.000998, 0.42),
                new TarAtFar(1e-4, 0.8, 0.0000998, Double.NEGATIVE_INFINITY), TarAtFar.unresolved(1e-5));
        List<RocCurve> curves = List.of(new RocCurve("model (all pairs)", new double[]{1e-4, 1e-2, 1}, new double[]{0.7, 0.9, 1}));
        return new EvalResult(6000, model, tars, 0.995, 0.993, EvalResult.ROC_ALL_PAIRS,
                new AllPairsCounts(3000, 43_500, 4_455_000), raw, true, true, curves);
    }

    @Test
    void writesTheContractFieldNames(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("eval.json");
        EvalReport.write(sampleResult(), json, dir.resolve("roc.png"));

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("pairs").isInt()).isTrue();
        assertThat(root.get("pairs").asInt()).isEqualTo(6000);
        assertThat(root.get("accuracy").asDouble()).isEqualTo(0.97);
        assertThat(root.get("accuracy_std").asDouble()).isEqualTo(0.0109544511501033);
        assertThat(root.get("threshold").asDouble()).isEqualTo(0.308);
        assertThat(root.get("fold_accuracies").isArray()).isTrue();
        assertThat(root.get("fold_accuracies")).hasSize(10);
        assertThat(root.get("fold_accuracies").get(4).asDouble()).isEqualTo(0.99);
        JsonNode tar = root.get("tar_at_far");
        assertThat(tar.get("1e-3").asDouble()).isEqualTo(0.9);
        assertThat(tar.get("1e-4").asDouble()).isEqualTo(0.8);
        assertThat(tar.get("1e-5").isNull()).isTrue();
        assertThat(root.get("auc").asDouble()).isEqualTo(0.995);
        assertThat(root.get("baseline_raw_pixels").get("accuracy").asDouble()).isEqualTo(0.31);
        assertThat(root.get("baseline_raw_pixels").get("accuracy_std").asDouble()).isEqualTo(0.01);
        assertThat(root.get("all_pairs").get("images").asInt()).isEqualTo(3000);
        assertThat(root.get("all_pairs").get("genuine").asLong()).isEqualTo(43_500);
        assertThat(root.get("all_pairs").get("impostor").asLong()).isEqualTo(4_455_000);
        assertThat(root.get("flip_test").isBoolean()).isTrue();
        assertThat(root.get("flip_test").asBoolean()).isTrue();
        assertThat(root.get("roc_png").asText()).endsWith("roc.png");
        assertThat(root.get("summary").asText()).startsWith("pairs 6000  accuracy 0.9700 +- 0.0110  TAR@FAR 1e-3 0.9000 1e-4 0.8000 1e-5 n/a");
    }

    @Test
    void roundTripsThroughTheReader(@TempDir Path dir) throws IOException {
        EvalResult original = sampleResult();
        Path json = dir.resolve("eval.json");
        EvalReport.write(original, json, null);
        EvalReport.Contents back = EvalReport.read(json);
        EvalResult r = back.result();

        assertThat(back.rocPng()).isNull();
        assertThat(r.pairs()).isEqualTo(original.pairs());
        assertThat(r.verification().foldAccuracies()).containsExactly(original.verification().foldAccuracies());
        assertThat(r.verification().foldThresholds()).containsExactly(original.verification().foldThresholds());
        assertThat(r.verification().stdAccuracy()).isEqualTo(original.verification().stdAccuracy());
        assertThat(r.baseline().meanAccuracy()).isEqualTo(0.31);
        assertThat(r.tarAtFar()).hasSize(3);
        assertThat(r.tarAtFar().get(0)).isEqualTo(original.tarAtFar().get(0));
        assertThat(r.tarAtFar().get(1).threshold()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(r.tarAtFar().get(2).resolved()).isFalse();
        assertThat(r.tarAtFar().get(2).targetFar()).isEqualTo(1e-5);
        assertThat(r.auc()).isEqualTo(0.995);
        assertThat(r.pairsAuc()).isEqualTo(0.993);
        assertThat(r.allPairs()).isEqualTo(original.allPairs());
        assertThat(r.flipTest()).isTrue();
        assertThat(r.rocCurves().get(0).far()).containsExactly(1e-4, 1e-2, 1);
        assertThat(r.summary()).isEqualTo(original.summary());
    }

    @Test
    void leavesNoTempFilesAndReplacesAnOldReport(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("eval.json");
        Files.writeString(json, "old");
        EvalReport.write(sampleResult(), json, null);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("eval.json");
        }
        assertThat(Files.readString(json)).contains("\"accuracy\"");
    }

    @Test
    void readerNamesTheFileOfABrokenReport(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("broken.json");
        Files.writeString(json, "{\"pairs\": 10}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EvalReport.read(json))
                .hasMessageContaining("broken.json").hasMessageContaining("fold_accuracies");
    }

    @Test
    void farKeysUseTheShortPowerOfTenForm() {
        assertThat(EvalResult.farKey(1e-3)).isEqualTo("1e-3");
        assertThat(EvalResult.farKey(1e-6)).isEqualTo("1e-6");
        assertThat(EvalResult.farKey(0.005)).isEqualTo("0.005");
    }
}
