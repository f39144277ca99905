package org.protoface.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.TestImages;
import org.protoface.data.verification.BinFiles;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Torch;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code protoface export}, and {@code eval} of the exported file against the model folder it came from. */
class ExportCommandTest {
    private static final int SIZE = 32;

    @TempDir
    Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    private record Run(int code, String out, String err) {}

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(command).setExecutionExceptionHandler(new CliErrors());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path model() throws Exception {
        Torch.manualSeed(5);
        Path model = dir.resolve("run").resolve("model");
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.25, SIZE, 32)), model);
        return model;
    }

    /** n pairs of patterned JPEGs: even pairs repeat an image with a small shift (same), odd ones differ. */
    private Path bin(int n) throws Exception {
        List<byte[]> images = new ArrayList<>();
        boolean[] same = new boolean[n];
        for (int p = 0; p < n; p++) {
            same[p] = p % 2 == 0;
            images.add(TestImages.jpeg(TestImages.pattern(p, SIZE, SIZE)));
            images.add(TestImages.jpeg(TestImages.pattern(p + (same[p] ? 0 : 700), SIZE, SIZE)));
        }
        Path file = dir.resolve("pairs.bin");
        Files.write(file, BinFiles.protocol2(images, same));
        return file;
    }

    @Test
    void exportPrintsTheDifferenceAndEvalOfTheFileMatchesTheFolder() throws Exception {
        Path model = model();
        Path onnx = dir.resolve("exports").resolve("r18.onnx");
        Run export = run(new ExportCommand(), "--model", model.getParent().toString(), "--out", onnx.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("opset 17", "dynamic batch", "max abs difference");
        assertThat(Files.isRegularFile(onnx)).isTrue();

        Path bin = bin(40);
        Path fromFolder = dir.resolve("folder.json"), fromOnnx = dir.resolve("onnx.json");
        Run a = run(new EvalCommand(), "--model", model.toString(), "--bin", bin.toString(), "--json", fromFolder.toString());
        Run b = run(new EvalCommand(), "--model", onnx.toString(), "--bin", bin.toString(), "--json", fromOnnx.toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        JsonNode ra = new ObjectMapper().readTree(fromFolder.toFile()).get("pairs");
        JsonNode rb = new ObjectMapper().readTree(fromOnnx.toFile()).get("pairs");
        assertThat(rb.get("pairs").asInt()).isEqualTo(40);
        assertThat(rb.get("accuracy").asDouble()).isEqualTo(ra.get("accuracy").asDouble());
        assertThat(rb.get("fold_accuracies")).isEqualTo(ra.get("fold_accuracies"));
        assertThat(rb.get("auc").asDouble()).isEqualTo(ra.get("auc").asDouble());
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCodeTwo() throws Exception {
        Path model = model();
        Path onnx = dir.resolve("x.onnx");
        Run opset = run(new ExportCommand(), "--model", model.toString(), "--out", onnx.toString(), "--opset", "9");
        assertThat(opset.code()).isEqualTo(2);
        assertThat(opset.err().strip()).isEqualTo("protoface: ONNX opset 9 is not supported; choose 11..17");
        Run batch = run(new ExportCommand(), "--model", model.toString(), "--out", onnx.toString(), "--batch", "many");
        assertThat(batch.code()).isEqualTo(2);
        assertThat(batch.err()).contains("--batch must be 'dynamic' or a positive number, got 'many'");
        Run missing = run(new ExportCommand(), "--model", dir.resolve("nothing").toString(), "--out", onnx.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing").doesNotContain("Exception");
        assertThat(Files.exists(onnx)).isFalse();
    }
}
