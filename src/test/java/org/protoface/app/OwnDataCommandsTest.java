package org.protoface.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.TestImages;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first commands a user runs on a folder of their own face crops: training on 64 px crops with
 * the cpu preset's 32 px encoder, then evaluating the model on another folder, with no size
 * option and no evaluation settings.
 */
class OwnDataCommandsTest {
    @TempDir
    Path dir;

    /** {@code identities} folders of {@code images} 64 x 64 PNG crops each. */
    private Path faces(String name, int identities, int images, int seed) throws Exception {
        Path root = dir.resolve(name);
        for (int id = 0; id < identities; id++) {
            Path d = root.resolve(String.format("person%03d", id));
            Files.createDirectories(d);
            for (int j = 0; j < images; j++) {
                Files.write(d.resolve(j + ".png"), TestImages.encode(TestImages.pattern(seed + id * 31 + j, 64, 64), "png"));
            }
        }
        return root;
    }

    private static int run(StringWriter err, String... args) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));   // progress bar and summaries
        try {
            return Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true)).execute(args);
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void trainOnOwnFolderThenEvaluateOnAnother() throws Exception {
        Path train = faces("train", 8, 3, 0);
        Path test = faces("test", 12, 5, 5000);
        Path out = dir.resolve("run");
        StringWriter err = new StringWriter();
        int code = run(err, "train", "-c", "cpu", "--data", "folder:" + train, "-o", out.toString(),
                "--set", "train.steps=2", "--set", "batch.size=8", "--set", "batch.images_per_identity=2",
                "--set", "train.threads=1", "--set", "train.loader_workers=1", "--set", "train.log_every=1");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.resolve("model/encoder.pt")).exists();
        assertThat(out.resolve("eval.json")).doesNotExist();

        Path json = dir.resolve("test-eval.json");
        code = run(err, "eval", "--model", out.resolve("model").toString(), "--data", "folder:" + test, "--json", json.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode used = new ObjectMapper().readTree(json.toFile()).get("data_used");
        // 12 identities x 5 images: 120 same pairs, 12 per fold; all pairs of 12 x 5
        assertThat(used.get("pairs").asInt()).isEqualTo(240);
        assertThat(used.get("pairs_requested").asInt()).isEqualTo(6000);
        assertThat(used.get("all_pairs_identities").asInt()).isEqualTo(12);
        assertThat(used.get("all_pairs_images_per_identity").asInt()).isEqualTo(5);
        assertThat(used.get("identities").asInt()).isEqualTo(12);
    }
}
