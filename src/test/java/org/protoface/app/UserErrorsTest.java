package org.protoface.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.data.TestImages;
import org.protoface.data.verification.BinFiles;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Torch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user sees when an input is wrong: one line naming the input, exit code 2, no stack trace
 * unless {@code --debug}. Run through {@link Main#commandLine()}, exactly as {@code protoface} runs.
 */
class UserErrorsTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private Path truncatedBin() throws Exception {
        List<byte[]> images = List.of(TestImages.png(1, 8), TestImages.png(2, 8));
        byte[] pickle = BinFiles.protocol2(images, new boolean[] {true});
        Path bin = dir.resolve("lfw.bin");
        Files.write(bin, Arrays.copyOf(pickle, pickle.length / 2));
        return bin;
    }

    @Test
    void malformedInputIsOneLineAndExitCodeTwo() throws Exception {
        Path bin = truncatedBin();
        Outcome r = run("pack", "--input", "list", dir.resolve("missing.lst").toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip()).startsWith("protoface: ").contains("missing.lst").doesNotContain("\n");

        // a truncated validation .bin given to the evaluation command
        Torch.init();
        Path model = dir.resolve("run/model");
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16)), model);
        r = run("eval", "--model", model.toString(), "--bin", bin.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip()).startsWith("protoface: ").contains("lfw.bin").contains("truncated")
                .doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    void aLoneModelOfAnotherInputSizeIsEvaluatedOnTheDefaultIdentitiesAtItsOwnSize() throws Exception {
        // the cpu preset renders its synthetic faces at 32 px; a model folder without its run's
        // config reads 16 px crops, and nothing in the preset is the user's to change
        Torch.init();
        Path model = dir.resolve("lone/model");
        EncoderIO.save(Encoders.create(EncoderSpec.iresnet(18, 0.125, 16, 16)), model);
        Path json = dir.resolve("lone-eval.json");
        Outcome r = run("eval", "--model", model.toString(), "--json", json.toString(), "--set", "eval.identities=12",
                "--set", "eval.images_per_identity=3", "--set", "eval.pairs=60", "--set", "eval.all_pairs_identities=6",
                "--set", "eval.all_pairs_images=3");
        assertThat(r.code).as(r.err).isZero();
        // before: "the model expects 16 px images but data ... is decoded at 32 px: drop the explicit size"
        assertThat(r.err).doesNotContain("drop the explicit size");
        com.fasterxml.jackson.databind.JsonNode used = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).get("data_used");
        assertThat(used.get("identities").asInt()).isEqualTo(12);
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Path list = dir.resolve("bad.lst");
        Files.writeString(list, "x.png\tnot-a-number\n");
        Files.write(dir.resolve("x.png"), TestImages.png(1, 8));
        for (String[] args : List.of(
                new String[] {"--debug", "pack", "--input", "list", list.toString(), "--out", dir.resolve("o").toString()},
                new String[] {"pack", "--debug", "--input", "list", list.toString(), "--out", dir.resolve("o").toString()})) {
            Outcome r = run(args);
            assertThat(r.code).isEqualTo(2);
            assertThat(r.err).startsWith("protoface: ").contains("bad.lst line 1").contains("'label'")
                    .contains("\tat org.protoface.");
        }
        Outcome quiet = run("pack", "--input", "list", list.toString(), "--out", dir.resolve("o").toString());
        assertThat(quiet.err).doesNotContain("\tat ");
    }

    @Test
    void packRecordsTheImagesOwnSizeInProperty() throws Exception {
        for (int id = 0; id < 3; id++) {
            Path d = dir.resolve("faces/id" + id);
            Files.createDirectories(d);
            for (int j = 0; j < 2; j++) Files.write(d.resolve(j + ".png"), TestImages.png(id * 2 + j, 32));
        }
        Outcome r = run("pack", "--input", "folder", dir.resolve("faces").toString(), "--out", dir.resolve("packed").toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(Files.readString(dir.resolve("packed/property")).strip()).isEqualTo("3,32,32");

        Outcome strict = run("pack", "--input", "folder", dir.resolve("faces").toString(), "--out", dir.resolve("p2").toString(),
                "--image-size", "112");
        assertThat(strict.code).isEqualTo(2);
        assertThat(strict.err).contains("32 x 32").contains("--image-size");
    }
}
