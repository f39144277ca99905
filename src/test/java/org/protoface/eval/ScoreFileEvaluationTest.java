package org.protoface.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScoreFileEvaluationTest {

    @Test
    void parsesScoresSkippingCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("scores.tsv");
        Files.writeString(file, "# exported scores\n\n0.91\t1\n  -0.25\t0  \n# mid comment\n1e-2\t0\n");
        PairScores s = ScoreFileEvaluation.read(file);
        assertThat(s.scores()).containsExactly(0.91, -0.25, 0.01);
        assertThat(s.issame()).containsExactly(true, false, false);
    }

    @Test
    void malformedLinesNameFileAndLine(@TempDir Path dir) throws IOException {
        assertBadLine(dir, "0.5\t1\n\n# c\nabc\t1\n", 4, "'abc' is not a number");
        assertBadLine(dir, "0.5\t1\n0.4\t2\n", 2, "label '2'");
        assertBadLine(dir, "0.5\t1\t7\n", 1, "3 field(s)");
        assertBadLine(dir, "0.5\n", 1, "1 field(s)");
        assertBadLine(dir, "0.1\t0\nNaN\t1\n", 2, "not finite");
    }

    private static void assertBadLine(Path dir, String content, int line, String problem) throws IOException {
        Path file = dir.resolve("bad.tsv");
        Files.writeString(file, content);
        assertThatThrownBy(() -> ScoreFileEvaluation.read(file))
                .isInstanceOf(ScoreFileFormatException.class)
                .hasMessageContaining("bad.tsv line " + line + ":")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((ScoreFileFormatException) e).line()).isEqualTo(line));
    }

    @Test
    void runEvaluatesWritesJsonAndSummarises(@TempDir Path dir) throws IOException {
        // LFW-sized: 3,000 different pairs resolve FAR 1e-3 but not 1e-4 or 1e-5.
        Random random = new Random(4);
        StringBuilder text = new StringBuilder("# score\tsame\n");
        double[] scores = new double[6000];
        boolean[] same = new boolean[6000];
        for (int i = 0; i < 6000; i++) {
            same[i] = (i % 600) < 300;
            scores[i] = random.nextGaussian() * 0.1 + (same[i] ? 0.6 : 0.1);
            text.append(scores[i]).append('\t').append(same[i] ? 1 : 0).append('\n');
        }
        Path file = dir.resolve("lfw_scores.txt");
        Files.writeString(file, text);
        Path json = dir.resolve("out/eval.json");
        Path png = dir.resolve("out/roc.png");

        EvalResult r = ScoreFileEvaluation.run(file, json, png);

        assertThat(r.pairs()).isEqualTo(6000);
        assertThat(r.rocSource()).isEqualTo(EvalResult.ROC_PAIRS);
        assertThat(r.verification().meanAccuracy())
                .isCloseTo(TenFoldVerification.evaluate(new PairScores(scores, same)).meanAccuracy(), within(1e-12));
        assertThat(Files.exists(png)).isTrue();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("pairs").asInt()).isEqualTo(6000);
        assertThat(root.get("tar_at_far").get("1e-3").isNumber()).isTrue();
        assertThat(root.get("tar_at_far").get("1e-4").isNull()).isTrue();
        assertThat(root.get("tar_at_far").get("1e-5").isNull()).isTrue();
        assertThat(root.get("all_pairs").isNull()).isTrue();
        assertThat(root.get("baseline_raw_pixels").isNull()).isTrue();
        assertThat(root.get("roc_png").asText()).endsWith("roc.png");

        String summary = ScoreFileEvaluation.summary(r);
        assertThat(summary).matches("pairs 6000  accuracy 0\\.\\d{4} \\+- 0\\.\\d{4}  TAR@FAR 1e-3 \\d\\.\\d{4} 1e-4 n/a 1e-5 n/a  AUC 0\\.\\d{4}");
    }

    @Test
    void perfectScoresGiveAKnownSummary(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20; i++) text.append(i % 2 == 0 ? "0.9\t1\n" : "0.1\t0\n");
        Path file = dir.resolve("perfect.txt");
        Files.writeString(file, text);
        EvalResult r = ScoreFileEvaluation.run(file, dir.resolve("eval.json"));
        assertThat(r.summary()).isEqualTo("pairs 20  accuracy 1.0000 +- 0.0000  TAR@FAR 1e-3 n/a 1e-4 n/a 1e-5 n/a  AUC 1.0000");
    }

    @Test
    void refusesFilesWithOnlyOneKindOfPair(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("same_only.txt");
        Files.writeString(file, "0.9\t1\n".repeat(12));
        assertThatThrownBy(() -> ScoreFileEvaluation.run(file, dir.resolve("eval.json")))
                .hasMessageContaining("same_only.txt").hasMessageContaining("0 different");
    }
}
