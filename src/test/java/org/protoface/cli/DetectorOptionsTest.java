package org.protoface.cli;

import org.junit.jupiter.api.Test;
import org.protoface.pipeline.detect.cascade.CascadeOptions;
import org.protoface.pipeline.detect.registry.Detectors;
import org.protoface.pipeline.detect.scrfd.ScrfdOptions;
import picocli.CommandLine;

import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one set of detector flags, as a command receives them: cascades and SCRFD, each with its own defaults and flags. */
class DetectorOptionsTest {
    @CommandLine.Command(name = "probe")
    static final class Probe {
        @CommandLine.Mixin
        DetectorOptions detector = new DetectorOptions();
    }

    private static DetectorOptions parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.detector;
    }

    @Test
    void eachFamilyHasItsOwnDefaults() {
        assertThat(parse().kind()).isEqualTo(Detectors.Kind.CASCADE);
        assertThat(parse().cascadeOptions()).isEqualTo(new CascadeOptions(32, 4, 0.3));
        assertThat(parse("--detector", "HAAR").kind()).isEqualTo(Detectors.Kind.CASCADE);
        DetectorOptions onnx = parse("--detector", "models/det_10g.onnx");
        assertThat(onnx.kind()).isEqualTo(Detectors.Kind.SCRFD);
        // insightface's settings: model's own size, score 0.5, NMS 0.4, (v - 127.5) / 128, RGB
        assertThat(onnx.scrfdOptions()).isEqualTo(new ScrfdOptions(0, 0, 0.5, 0.4, 127.5, 128, false));
    }

    @Test
    void sharedAndOwnFlagsReachTheirDetector() {
        assertThat(parse("--min-face", "48", "--min-score", "6", "--nms-iou", "0.5").cascadeOptions()).isEqualTo(new CascadeOptions(48, 6, 0.5));
        ScrfdOptions o = parse("--detector", "d.onnx", "--det-size", "320x256", "--min-score", "0.3", "--nms-iou", "0.5", "--det-mean", "0",
                "--det-std", "1", "--det-bgr").scrfdOptions();
        assertThat(o).isEqualTo(new ScrfdOptions(320, 256, 0.3, 0.5, 0, 1, true));
    }

    @Test
    void aFlagOfTheOtherDetectorIsAnErrorNamingIt() {
        assertThatThrownBy(() -> parse("--detector", "det.onnx", "--min-face", "40").open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--min-face applies to the cascade detectors (lbp, haar) only, not to the SCRFD detector det.onnx; drop it");
        assertThatThrownBy(() -> parse("--det-size", "320x320").open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--det-size applies to SCRFD .onnx detectors only, not to --detector lbp; drop it");
        assertThatThrownBy(() -> parse("--detector", "haar", "--det-mean", "0", "--det-bgr").open())
                .hasMessage("--det-mean, --det-bgr apply to SCRFD .onnx detectors only, not to --detector haar; drop them");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse("--detector", "d.onnx", "--det-size", "640").scrfdOptions())
                .hasMessage("--det-size must be WxH, e.g. 640x640, got '640'");
        assertThatThrownBy(() -> parse("--detector", "d.onnx", "--det-size", "300x300").scrfdOptions())
                .hasMessage("--det-size 300x300: width and height must be positive multiples of 32");
        // a cascade score (a count) is not an SCRFD one (a probability)
        assertThatThrownBy(() -> parse("--detector", "d.onnx", "--min-score", "4").scrfdOptions())
                .hasMessage("--min-score 4.0: an SCRFD detector's score is a probability in [0, 1]");
        assertThatThrownBy(() -> parse("--nms-iou", "1.5").cascadeOptions()).hasMessage("--nms-iou must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> parse("--min-face", "4").cascadeOptions()).hasMessage("--min-face must be at least 8 px, got 4");
        assertThatThrownBy(() -> parse("--detector", "d.onnx", "--det-std", "0").scrfdOptions()).hasMessage("--det-std must be positive, got 0.0");
        assertThatThrownBy(() -> parse("--detector", "yolo").open()).hasMessageContaining("--detector yolo: unknown detector");
        assertThatThrownBy(() -> parse("--detector", "/no/such/det.onnx").open())
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("/no/such/det.onnx");
    }
}
