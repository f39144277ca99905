package org.protoface.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.GraphSink;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Export round trips: ONNX Runtime's embeddings of an exported encoder against libtorch's forward. */
class OnnxExportTest {
    private static final EncoderSpec R18 = EncoderSpec.iresnet(18, 0.25, 32, 64);
    private static final EncoderSpec MFN = new EncoderSpec("mobilefacenet", 0, 0.25, 32, 64, 0.0);

    /** Built once: building and calibrating is most of each test's time. */
    private static Encoder r18, mfn;

    @TempDir
    Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
        r18 = TrainedLikeEncoders.build(R18, 6);
        mfn = TrainedLikeEncoders.build(MFN, 6);
    }

    static Stream<EncoderSpec> encoders() {
        return Stream.of(R18, EncoderSpec.iresnet(50, 0.25, 32, 64), MFN);
    }

    private Path write(ModelProto model, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, model.toByteArray());
        return file;
    }

    private static Map<String, Long> opCounts(ModelProto m) {
        return m.getGraph().getNodeList().stream().collect(Collectors.groupingBy(NodeProto::getOpType, Collectors.counting()));
    }

    @ParameterizedTest
    @MethodSource("encoders")
    void dynamicBatchExportMatchesLibtorchAtBatchOneAndFive(EncoderSpec spec) throws Exception {
        Encoder encoder = TrainedLikeEncoders.saved(spec, 3, dir.resolve("model"));
        Path file = write(OnnxExporter.export(encoder, ExportOptions.defaults()), "model.onnx");
        for (int batch : new int[] {1, 5}) {
            ExportCheck.Result r = ExportCheck.compare(encoder, file, false, 8, batch, 1);
            assertThat(r.maxAbsValue()).as("embeddings are not trivially small").isGreaterThan(0.05);
            assertThat(r.maxAbsDifference()).as(spec + " at batch " + batch).isLessThanOrEqualTo(1e-4);
        }
        try (OnnxSession session = OnnxSession.open(file, 1)) {
            assertThat(session.inputShape()).containsExactly(-1, 3, 32, 32);
            assertThat(session.outputShape(OnnxExporter.OUTPUT)).containsExactly(-1, 64);
        }
    }

    @Test
    void fixedBatchDeclaresItsSizeAndTakesPaddedChunks() throws Exception {
        Encoder encoder = mfn;
        Path file = write(OnnxExporter.export(encoder, new ExportOptions(17, 5, false, true)), "b5.onnx");
        try (OnnxSession session = OnnxSession.open(file, 1)) {
            assertThat(session.inputShape()).containsExactly(5, 3, 32, 32);
            assertThat(session.outputShape(OnnxExporter.OUTPUT)).containsExactly(5, 64);
            assertThatThrownBy(() -> session.run(new float[3 * 3 * 32 * 32], 3, 3, 32, 32))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
        }
        assertThat(ExportCheck.compare(encoder, file, false, 8, 5, 1).maxAbsDifference()).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void foldingRemovesEveryBatchNormThatFollowsAConvOrLinearAndChangesNoEmbedding() throws Exception {
        Encoder encoder = r18;
        ModelProto folded = OnnxExporter.export(encoder, ExportOptions.defaults());
        ModelProto plain = OnnxExporter.export(encoder, new ExportOptions(17, 0, false, false));
        Map<String, Long> f = opCounts(folded), p = opCounts(plain);
        int units = 2 + 2 + 2 + 2;   // IResNet-18's residual units; each keeps its pre-activation BN (ahead of a padded conv)
        assertThat(f.get("BatchNormalization")).isEqualTo(units);
        assertThat(p.get("BatchNormalization")).isEqualTo(f.get("Conv") + units + 2);   // + head BN and features BN
        assertThat(f.get("Conv")).isEqualTo(p.get("Conv"));
        Map<String, String> producer = new HashMap<>();
        for (NodeProto n : folded.getGraph().getNodeList()) producer.put(n.getOutput(0), n.getOpType());
        for (NodeProto n : folded.getGraph().getNodeList()) {
            if (n.getOpType().equals("BatchNormalization")) assertThat(producer.get(n.getInput(0))).isNotIn("Conv", "Gemm");
            if (n.getOpType().equals("Flatten")) assertThat(producer.get(n.getInput(0))).isNotEqualTo("BatchNormalization");
        }
        Path a = write(folded, "folded.onnx"), b = write(plain, "plain.onnx");
        assertThat(ExportCheck.compare(encoder, a, false, 8, 8, 1).maxAbsDifference()).isLessThanOrEqualTo(1e-4);
        assertThat(ExportCheck.compare(encoder, b, false, 8, 8, 1).maxAbsDifference()).isLessThanOrEqualTo(1e-4);
        assertThat(opCounts(OnnxExporter.export(mfn, ExportOptions.defaults())))
                .as("every MobileFaceNet BN follows a conv").doesNotContainKey("BatchNormalization");
    }

    @Test
    void normaliseInputPutsTheStandardNormalisationIntoTheGraph() throws Exception {
        Encoder encoder = r18;
        ModelProto model = OnnxExporter.export(encoder, new ExportOptions(17, 0, true, true));
        Path file = write(model, "raw.onnx");
        assertThat(ExportCheck.compare(encoder, file, true, 8, 8, 1).maxAbsDifference()).isLessThanOrEqualTo(1e-4);
        assertThat(ExportCheck.compare(encoder, file, false, 8, 8, 1).maxAbsDifference())
                .as("standard pixels into a graph that expects 0..255 must not match").isGreaterThan(1e-2);
        try (OnnxSession session = OnnxSession.open(file, 1)) {
            InputMetadata meta = InputMetadata.read(session.metadata(), file.toString()).orElseThrow();
            assertThat(meta.mean()).containsExactly(0, 0, 0);
            assertThat(meta.std()).containsExactly(1, 1, 1);
            assertThat(session.metadata()).containsEntry("normalisation_in_graph", "true");
        }
    }

    @Test
    void metadataStatesTheInputConventionAndTheSpec() throws Exception {
        Encoder encoder = r18;
        ModelProto model = OnnxExporter.export(encoder, ExportOptions.defaults());
        assertThat(model.getProducerName()).isEqualTo("ProtoFace");
        assertThat(model.getIrVersion()).isEqualTo(8);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
        Path file = write(model, "meta.onnx");
        try (OnnxSession session = OnnxSession.open(file, 1)) {
            Map<String, String> m = session.metadata();
            assertThat(m).containsEntry("mean", "127.5,127.5,127.5").containsEntry("std", "127.5,127.5,127.5")
                    .containsEntry("colour_order", "RGB").containsEntry("input_size", "32").containsEntry("embedding_size", "64")
                    .containsEntry("embedding_normalised", "false");
            EncoderSpec back = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .readValue(m.get("encoder_spec"), EncoderSpec.class);
            assertThat(back).isEqualTo(R18);
        }
    }

    @Test
    void opsetElevenGivesIrSixAndTheSameEmbeddings() throws Exception {
        Encoder encoder = mfn;
        ModelProto model = OnnxExporter.export(encoder, new ExportOptions(11, 0, false, true));
        assertThat(model.getIrVersion()).isEqualTo(6);
        assertThat(ExportCheck.compare(encoder, write(model, "op11.onnx"), false, 8, 4, 1).maxAbsDifference()).isLessThanOrEqualTo(1e-4);
    }

    /** An encoder whose libtorch forward is off by {@code shift} while it describes the original graph. */
    private static final class Shifted extends Encoder {
        private final Encoder inner;
        private final double shift;

        Shifted(Encoder inner, double shift) {
            this.inner = register_module("inner", inner);
            this.shift = shift;
        }

        @Override
        public Tensor forward(Tensor images) {
            return inner.forward(images).add(Tensors.scalar(shift));
        }

        @Override
        public GraphSink.Value describe(GraphSink sink, GraphSink.Value images) {
            return inner.describe(sink, images);
        }

        @Override
        public EncoderSpec spec() {
            return inner.spec();
        }

        @Override
        public double gflopsPerImage() {
            return inner.gflopsPerImage();
        }
    }

    @Test
    void aFailedCheckNamesTheDifferenceAndLeavesTheTargetAlone() throws Exception {
        Encoder wrong = new Shifted(r18, 1e-3);
        Path target = dir.resolve("out.onnx");
        Files.writeString(target, "earlier export");
        assertThatThrownBy(() -> EncoderExport.exportChecked(wrong, ExportOptions.defaults(), target, 8, ExportCheck.TOLERANCE, 1))
                .isInstanceOf(EncoderExport.CheckFailedException.class)
                .hasMessageContaining("differ by up to 0.001")
                .hasMessageContaining("limit 0.0001")
                .hasMessageContaining(target + " was not written");
        assertThat(Files.readString(target)).isEqualTo("earlier export");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toList())).containsExactly("out.onnx");
        }
        ExportCheck.Result ok = EncoderExport.exportChecked(new Shifted(r18, 0), ExportOptions.defaults(),
                target, 8, ExportCheck.TOLERANCE, 1);
        assertThat(ok.maxAbsDifference()).isLessThanOrEqualTo(1e-4);
        assertThat(ModelProto.parseFrom(Files.readAllBytes(target)).getGraph().getInputList()).hasSize(1);
    }

    @Test
    void onnxOwnCheckerAcceptsTheExports() throws Exception {
        Path a = write(OnnxExporter.export(r18, ExportOptions.defaults()), "r18.onnx");
        Path b = write(OnnxExporter.export(mfn, new ExportOptions(11, 2, true, false)), "mfn.onnx");
        List<String> verdicts = OnnxChecker.check(List.of(a, b));
        org.junit.jupiter.api.Assumptions.assumeTrue(verdicts != null,
                "SKIPPED: no python3 with the 'onnx' package (apt-get install python3-onnx), so ONNX's own checker was not run; "
                        + "the ONNX Runtime round trips in this class ran regardless");
        assertThat(verdicts).containsExactly("ok " + a, "ok " + b);
    }
}
