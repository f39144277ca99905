package org.protoface.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderIOTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void roundTripGivesIdenticalEvalOutputs() throws IOException {
        for (EncoderSpec spec : new EncoderSpec[] {
                new EncoderSpec("iresnet", 18, 0.25, 32, 24, 0.2),
                new EncoderSpec("mobilefacenet", 0, 0.25, 32, 24, 0.0)}) {
            Torch.manualSeed(5);
            Encoder original = Encoders.create(spec);
            original.forward(Tensors.randn(4, 3, 32, 32)); // moves BN running stats off their initial values
            original.train(false);
            Tensor images = Tensors.randn(3, 3, 32, 32);
            float[] expected = Tensors.floats(original.forward(images));

            Path target = dir.resolve(spec.type());
            EncoderIO.save(original, target);
            Torch.manualSeed(999); // a different init, so equality can only come from the loaded weights
            Encoder loaded = EncoderIO.load(target);
            loaded.train(false);

            assertThat(loaded.spec()).isEqualTo(spec);
            assertThat(Tensors.floats(loaded.forward(images))).containsExactly(expected);
        }
    }

    @Test
    void channelsLastWeightsOfAMixedPrecisionRunSaveAndLoadAsTheSameValues() throws IOException {
        Torch.manualSeed(5);
        EncoderSpec spec = new EncoderSpec("iresnet", 18, 0.25, 32, 24, 0.2);
        Encoder trained = Encoders.create(spec);
        assertThat(org.protoface.torch.Precision.BF16.prepareModule(trained)).isPositive();
        trained.train(false);
        Tensor images = Tensors.randn(3, 3, 32, 32);
        // fp32 forward on channels-last weights: the layout changes oneDNN's kernels, not the values
        float[] expected = Tensors.floats(trained.forward(images));

        EncoderIO.save(trained, dir.resolve("bf16-run"));
        Torch.manualSeed(999);
        Encoder loaded = EncoderIO.load(dir.resolve("bf16-run"));
        loaded.train(false);
        assertThat(Tensors.floats(loaded.forward(images))).usingComparatorWithPrecision(1e-5f).containsExactly(expected);
    }

    @Test
    void writesSnakeCaseSpecAndNoTemporaryFiles() throws IOException {
        Torch.manualSeed(5);
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.25, 48, 128)), dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("encoder.json").toFile());
        assertThat(json.get("type").asText()).isEqualTo("iresnet");
        assertThat(json.get("input_size").asInt()).isEqualTo(48);
        assertThat(json.get("embedding_size").asInt()).isEqualTo(128);
        assertThat(json.get("width").asDouble()).isEqualTo(0.25);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("encoder.json", "encoder.pt");
        }
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> EncoderIO.load(dir))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("encoder.json");
        Torch.manualSeed(5);
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16)), dir);
        Files.delete(dir.resolve("encoder.pt"));
        assertThatThrownBy(() -> EncoderIO.load(dir))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("encoder.pt");
    }

    @Test
    void corruptOrMismatchedFilesAreNamed() throws IOException {
        Torch.manualSeed(5);
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16)), dir);
        Path json = dir.resolve("encoder.json");
        Path weights = dir.resolve("encoder.pt");
        String goodJson = Files.readString(json);

        Files.writeString(json, "{\"type\": \"iresnet\", \"depth\": ");
        assertThatThrownBy(() -> EncoderIO.load(dir)).isInstanceOf(IOException.class).hasMessageContaining("encoder.json");

        Files.writeString(json, goodJson.replace("\"input_size\"", "\"input_side\""));
        assertThatThrownBy(() -> EncoderIO.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.json").hasMessageContaining("input_size");

        Files.writeString(json, goodJson.replace("\"depth\" : 18", "\"depth\" : 17"));
        assertThatThrownBy(() -> EncoderIO.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.json").hasMessageContaining("depth 17");

        // the spec now describes a wider network than the saved weights
        Files.writeString(json, goodJson.replace("\"width\" : 0.25", "\"width\" : 0.5"));
        assertThatThrownBy(() -> EncoderIO.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("encoder.pt").hasMessageContaining("stem.conv.weight");

        Files.writeString(json, goodJson);
        Files.write(weights, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> EncoderIO.load(dir)).isInstanceOf(IOException.class).hasMessageContaining("encoder.pt");
    }

    @Test
    void summaryNamesArchitectureSizeAndCost() {
        Torch.manualSeed(5);
        EncoderSpec spec = EncoderSpec.iresnet(18, 0.25, 48, 128);
        Encoder e = Encoders.create(spec);
        double params = EncoderCostTest.iresnetParams(new int[] {2, 2, 2, 2}, 0.25, 48, 128);
        assertThat(EncoderIO.summary(e))
                .startsWith("iresnet18 x0.25, 48x48 -> 128: " + String.format(java.util.Locale.ROOT, "%.2fM params", params / 1e6))
                .contains("GFLOPs/image")
                .contains("GMACs");
        assertThat(EncoderIO.summary(Encoders.create(new EncoderSpec("mobilefacenet", 0, 1.0, 112, 512, 0.0))))
                .startsWith("mobilefacenet x1, 112x112 -> 512: ");
    }
}
