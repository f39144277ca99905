package org.protoface.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.CorruptRecordException;
import org.protoface.data.FaceDataset;
import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.InputSpec;
import org.protoface.testing.PatternFaces;
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

    /** Held-out identities whose images are all the same picture: raw pixels tell them apart perfectly. */
    private static FaceDataset noiseFree(int identities, int images, int size) {
        PatternFaces patterns = new PatternFaces(identities, 1, size);
        return new FaceDataset() {
            public int identityCount() { return identities; }
            public int imageCount(int identity) { return images; }
            public int imageSize() { return size; }
            public void load(int identity, int index, float[] dst, int offset) throws CorruptRecordException {
                patterns.load(identity, 0, dst, offset);
            }
            public String describe() { return "noise-free patterns"; }
        };
    }

    /** A model that maps every face to the same embedding: every pair scores the same. */
    private static final class ConstantModel implements EmbeddingModel {
        public InputSpec input() { return InputSpec.standard(16); }
        public int embeddingSize() { return 4; }
        public float[][] embedRaw(float[] standardChw, int n) {
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) out[i] = new float[] {1, 2, 3, 4};
            return out;
        }
        public String fingerprint() { return "sha256:constant"; }
        public String describe() { return "constant"; }
    }

    @Test
    void writesEvalJsonAndTheRocPlotItNames(@TempDir Path dir) throws Exception {
        EvalConfig cfg = new EvalConfig("auto", 60, 12, 200, 10, 10, true, true, 3, 0, List.of());
        EvalResult r = EvaluationJob.run(new ConstantModel(), noiseFree(60, 12, 16), cfg, dir.resolve("eval.json"));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("eval.json").toFile());
        assertThat(json.get("pairs").asInt()).isEqualTo(200);
        // values known without the protocol: a model that cannot tell faces apart is at chance in
        // every fold (each holds as many same as different pairs, all tied), while raw pixels of
        // identities whose images are identical separate every fold perfectly
        assertThat(r.verification().foldAccuracies()).containsOnly(0.5);
        assertThat(json.get("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(json.get("auc").asDouble()).isEqualTo(0.5);
        assertThat(json.get("baseline_raw_pixels").get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(json.get("tar_at_far").has("1e-3")).isTrue();
        assertThat(json.get("roc_png").asText()).isEqualTo(dir.resolve("roc.png").toString());
        BufferedImage png = ImageIO.read(dir.resolve("roc.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(900);
        assertThat(png.getHeight()).isEqualTo(650);
    }
}
