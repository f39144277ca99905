package org.protoface.cli;

import org.junit.jupiter.api.Test;
import org.protoface.pipeline.detect.scrfd.ScrfdOptions;
import picocli.CommandLine;

import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code --detector} flags as a command would receive them. */
class OnnxDetectorOptionsTest {
    @CommandLine.Command(name = "probe")
    static final class Probe {
        @CommandLine.Mixin
        OnnxDetectorOptions detector = new OnnxDetectorOptions();
    }

    private static OnnxDetectorOptions parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.detector;
    }

    @Test
    void defaultsAreInsightfacesAndFlagsChangeThem() throws Exception {
        assertThat(parse().options()).isEqualTo(ScrfdOptions.defaults());
        assertThat(parse().onnxDetector(1)).isEmpty();
        ScrfdOptions o = parse("--det-size", "320x256", "--det-threshold", "0.3", "--det-nms", "0.5", "--det-mean", "0",
                "--det-std", "1", "--det-bgr").options();
        assertThat(o).isEqualTo(new ScrfdOptions(320, 256, 0.3, 0.5, 0, 1, true));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse("--det-size", "640").options()).hasMessage("--det-size must be WxH, e.g. 640x640, got '640'");
        assertThatThrownBy(() -> parse("--det-size", "300x300").options()).hasMessageContaining("must be multiples of 32");
        assertThatThrownBy(() -> parse("--det-threshold", "1.5").options()).hasMessageContaining("score threshold must be in [0, 1]");
        assertThatThrownBy(() -> parse("--detector", "/no/such/det.onnx").onnxDetector(1))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("/no/such/det.onnx");
    }
}
