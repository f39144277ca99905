package org.protoface.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.testing.PatternFaces;
import org.protoface.testing.TinyEncoder;
import org.protoface.torch.Torch;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluationJobTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void writesEvalJsonAndTheRocPlotItNames(@TempDir Path dir) throws Exception {
        Torch.manualSeed(1);
        PatternFaces heldOut = new PatternFaces(60, 12, 16);
        EvalConfig cfg = new EvalConfig("auto", 60, 12, 200, 10, 10, true, true, 3, 0, List.of());
        EvalResult r = EvaluationJob.run(new org.protoface.infer.TorchEncoderModel(new TinyEncoder(16, 16), "test"), heldOut, cfg, dir.resolve("eval.json"));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("eval.json").toFile());
        assertThat(json.get("pairs").asInt()).isEqualTo(200);
        assertThat(json.get("accuracy").asDouble()).isEqualTo(r.verification().meanAccuracy()).isBetween(0.0, 1.0);
        assertThat(json.get("baseline_raw_pixels").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("tar_at_far").has("1e-3")).isTrue();
        assertThat(json.get("roc_png").asText()).isEqualTo(dir.resolve("roc.png").toString());
        BufferedImage png = ImageIO.read(dir.resolve("roc.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(900);
        assertThat(png.getHeight()).isEqualTo(650);
    }
}
