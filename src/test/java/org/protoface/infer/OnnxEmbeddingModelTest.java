package org.protoface.infer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.onnx.OnnxGraphBuilder;
import org.protoface.onnx.OnnxGraphBuilder.Dim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * ONNX recognisers as embedding models, on graphs whose "embedding" is their flattened input, so
 * each test sees exactly the pixels the model was fed.
 */
class OnnxEmbeddingModelTest {
    private static final int S = 2, D = 3 * S * S;

    @TempDir
    Path dir;

    /** input N x 3 x S x S -> Flatten -> N x 12; batch fixed when {@code batch > 0}, spatial dims dynamic when {@code dynamicSide}. */
    private Path identityModel(String name, Map<String, String> metadata, int batch, boolean dynamicSide) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("identity");
        Dim n = batch > 0 ? Dim.of(batch) : Dim.named("batch");
        Dim side = dynamicSide ? Dim.named("side") : Dim.of(S);
        g.input("pixels", n, Dim.of(3), side, side);
        g.node("Flatten", List.of("pixels"), "features", OnnxGraphBuilder.integer("axis", 1));
        g.output("features", n, dynamicSide ? Dim.named("d") : Dim.of(D));
        Path file = dir.resolve(name);
        Files.write(file, g.build(17, "test", "1", null, metadata).toByteArray());
        return file;
    }

    /** One standard crop: R plane 1.0 (v = 255), G plane 0 (v = 127.5), B plane -1 (v = 0). */
    private static float[] redGreyBlack() {
        float[] x = new float[D];
        for (int k = 0; k < S * S; k++) {
            x[k] = 1f;
            x[S * S + k] = 0f;
            x[2 * S * S + k] = -1f;
        }
        return x;
    }

    @Test
    void metadataConventionIsAppliedToStandardPixels() throws Exception {
        Path file = identityModel("bgr.onnx", Map.of("mean", "127.5", "std", "128", "colour_order", "BGR"), 0, false);
        try (EmbeddingModel model = Models.open(file)) {
            assertThat(model).isInstanceOf(OnnxEmbeddingModel.class);
            assertThat(model.input()).isEqualTo(InputSpec.uniform(S, 127.5, 128, ColourOrder.BGR));
            assertThat(model.embeddingSize()).isEqualTo(D);
            float[] e = model.embedRaw(redGreyBlack(), 1)[0];
            for (int k = 0; k < S * S; k++) {
                assertThat(e[k]).as("plane 0 is blue: (0 - 127.5) / 128").isCloseTo(-0.99609375f, within(1e-6f));
                assertThat(e[S * S + k]).as("plane 1 is green: 0").isCloseTo(0f, within(1e-6f));
                assertThat(e[2 * S * S + k]).as("plane 2 is red: (255 - 127.5) / 128").isCloseTo(0.99609375f, within(1e-6f));
            }
        }
    }

    @Test
    void withoutMetadataTheUserMustStateTheNormalisation() throws Exception {
        Path file = identityModel("bare.onnx", Map.of(), 0, false);
        assertThatThrownBy(() -> Models.open(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("--input-mean --input-std")
                .hasMessageContaining("insightface recognisers: --input-mean 127.5 --input-std 127.5");
        InputOverrides insightface = new InputOverrides(new double[] {127.5, 127.5, 127.5}, new double[] {127.5, 127.5, 127.5}, null, 0);
        try (EmbeddingModel model = Models.open(file, insightface)) {
            assertThat(model.input()).as("size from the graph's fixed input").isEqualTo(InputSpec.standard(S));
            assertThat(model.embedRaw(redGreyBlack(), 1)[0]).containsExactly(redGreyBlack());
        }
    }

    @Test
    void flagsOverrideTheMetadata() throws Exception {
        Path file = identityModel("meta.onnx", Map.of("mean", "0", "std", "1", "colour_order", "RGB"), 0, false);
        InputOverrides o = new InputOverrides(new double[] {127.5, 127.5, 127.5}, new double[] {127.5, 127.5, 127.5}, ColourOrder.BGR, 0);
        try (EmbeddingModel model = Models.open(file, o)) {
            assertThat(model.input()).isEqualTo(InputSpec.uniform(S, 127.5, 127.5, ColourOrder.BGR));
            float[] e = model.embedRaw(redGreyBlack(), 1)[0];
            assertThat(e[0]).isEqualTo(-1f);
            assertThat(e[2 * S * S]).isEqualTo(1f);
        }
        try (EmbeddingModel model = Models.open(file)) {
            assertThat(model.embedRaw(redGreyBlack(), 1)[0][0]).as("metadata alone: raw 0..255 values").isCloseTo(255f, within(1e-4f));
        }
    }

    @Test
    void everyCropGetsItsOwnEmbeddingWithDynamicAndFixedBatches() throws Exception {
        float[] three = new float[3 * D];
        for (int i = 0; i < three.length; i++) three[i] = (i % 7) / 7f - 0.5f;
        for (int batch : new int[] {0, 2}) {   // dynamic; fixed at 2, so the second call carries one crop and one blank
            Path file = identityModel("b" + batch + ".onnx", Map.of("mean", "127.5", "std", "127.5"), batch, false);
            try (EmbeddingModel model = Models.open(file)) {
                float[][] e = model.embedRaw(three, 3);
                assertThat(e).hasDimensions(3, D);
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < D; k++) assertThat(e[i][k]).as("batch " + batch + ", crop " + i).isCloseTo(three[i * D + k], within(1e-6f));
                }
            }
        }
    }

    @Test
    void dynamicSpatialSizeNeedsTheSizeFromMetadataOrFlag() throws Exception {
        Path file = identityModel("dyn.onnx", Map.of("mean", "127.5", "std", "127.5"), 0, true);
        assertThatThrownBy(() -> Models.open(file)).hasMessageContaining(file.toString()).hasMessageContaining("--input-size");
        try (EmbeddingModel model = Models.open(file, new InputOverrides(null, null, null, S))) {
            assertThat(model.input().size()).isEqualTo(S);
            assertThat(model.embeddingSize()).as("probed, since the graph leaves it open").isEqualTo(D);
        }
        Path sized = identityModel("dyn-sized.onnx", Map.of("mean", "127.5", "std", "127.5", "input_size", "2"), 0, true);
        try (EmbeddingModel model = Models.open(sized)) {
            assertThat(model.input().size()).isEqualTo(S);
        }
        assertThatThrownBy(() -> Models.open(identityModel("fixed.onnx", Map.of("mean", "1", "std", "1"), 0, false),
                new InputOverrides(null, null, null, 112)))
                .hasMessageContaining("input size 112 does not fit the graph's input [-1, 3, 2, 2]");
    }

    @Test
    void fingerprintFollowsTheFileAndTheInputConvention() throws Exception {
        Map<String, String> meta = Map.of("mean", "127.5", "std", "127.5");
        Path a = identityModel("a.onnx", meta, 0, false);
        Path b = identityModel("b.onnx", Map.of("mean", "127.5", "std", "127.5", "note", "other bytes"), 0, false);
        String fa;
        try (EmbeddingModel m = Models.open(a)) {
            fa = m.fingerprint();
            assertThat(fa).startsWith("sha256:").hasSize(7 + 64);
        }
        try (EmbeddingModel m = Models.open(a)) {
            assertThat(m.fingerprint()).isEqualTo(fa);
        }
        try (EmbeddingModel m = Models.open(a, new InputOverrides(null, null, ColourOrder.BGR, 0))) {
            assertThat(m.fingerprint()).isNotEqualTo(fa);
        }
        try (EmbeddingModel m = Models.open(b)) {
            assertThat(m.fingerprint()).isNotEqualTo(fa);
        }
    }

    @Test
    void malformedMetadataAndUnknownFilesAreNamed() throws Exception {
        Path odd = identityModel("odd.onnx", Map.of("mean", "127.5,1", "std", "127.5"), 0, false);
        assertThatThrownBy(() -> Models.open(odd)).hasMessage(odd + ": mean '127.5,1' needs 1 or 3 comma-separated numbers");
        Path half = identityModel("half.onnx", Map.of("mean", "127.5"), 0, false);
        assertThatThrownBy(() -> Models.open(half)).hasMessageContaining(half + ": metadata has 'mean' but not 'std'");
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "not a protobuf");
        assertThatThrownBy(() -> Models.open(junk)).isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith(junk + ": ONNX Runtime cannot load this model");
        Path text = dir.resolve("model.txt");
        Files.writeString(text, "x");
        assertThatThrownBy(() -> Models.open(text)).hasMessageContaining("or an .onnx file");
        Path folder = Files.createDirectories(dir.resolve("run"));
        assertThatThrownBy(() -> Models.open(folder, new InputOverrides(null, null, ColourOrder.BGR, 0)))
                .hasMessageContaining("apply to .onnx models");
    }

    /** input N x 3 x S x S passed through (Identity): a 4-D feature map, not embeddings, declared or with symbolic dims (ONNX Runtime may infer them). */
    private Path featureMapModel(String name, boolean declared) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("feature-map");
        g.input("pixels", Dim.named("batch"), Dim.of(3), Dim.of(S), Dim.of(S));
        g.node("Identity", List.of("pixels"), "maps");
        if (declared) g.output("maps", Dim.named("batch"), Dim.of(3), Dim.of(S), Dim.of(S));
        else g.output("maps", Dim.named("batch"), Dim.named("c"), Dim.named("h"), Dim.named("w"));
        Path file = dir.resolve(name);
        Files.write(file, g.build(17, "test", "1", null, Map.of("mean", "127.5", "std", "127.5")).toByteArray());
        return file;
    }

    @Test
    void anOutputThatIsNotBatchByDimensionIsRefusedNamingModelOutputAndShape() throws Exception {
        Path declared = featureMapModel("maps.onnx", true);
        assertThatThrownBy(() -> Models.open(declared)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(declared + ": output 'maps' has shape [-1, 3, 2, 2] (declared)")
                .hasMessageContaining("B x d");
        Path symbolic = featureMapModel("maps-symbolic.onnx", false);
        assertThatThrownBy(() -> Models.open(symbolic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(symbolic + ": output 'maps' has shape [").hasMessageContaining(", 3, 2, 2]");
    }
}
