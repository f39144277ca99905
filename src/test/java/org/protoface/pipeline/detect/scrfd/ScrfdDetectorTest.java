package org.protoface.pipeline.detect.scrfd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.onnx.OnnxGraphBuilder;
import org.protoface.onnx.OnnxGraphBuilder.Dim;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;
import org.protoface.pipeline.detect.scrfd.ScrfdTestGraphs.Outputs;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * SCRFD decoding on small graphs built here. A 64 x 64 input has, with two anchors per cell,
 * 128 rows at stride 8 (8 x 8 cells), 32 at stride 16 and 8 at stride 32; row = (y * cols + x) * 2 + anchor.
 * Expected boxes and points are worked out by hand in the comments.
 */
class ScrfdDetectorTest {
    private static final int SIDE = 64;

    @TempDir
    Path dir;

    /** Three faces above and one below the threshold; see the class comment for row numbers. */
    private static Outputs fourCandidates() {
        Outputs o = new Outputs(SIDE);
        // A: stride 8, cell (3, 2), anchor 1 -> row (2 * 8 + 3) * 2 + 1 = 39, centre (24, 16)
        o.set(0, 39, 0.9f, new float[] {1, 2, 3, 4}, new float[] {-1, -1, 1, -1, 0, 0, -1, 1, 1, 1});
        // B: stride 32, cell (1, 1), anchor 0 -> row (1 * 2 + 1) * 2 = 6, centre (32, 32)
        o.set(2, 6, 0.8f, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, null);
        // C: stride 16, cell (0, 3), anchor 1 -> row (3 * 4 + 0) * 2 + 1 = 25, centre (0, 48); exactly at the threshold
        o.set(1, 25, 0.5f, new float[] {0.25f, 0.5f, 1, 0.75f}, null);
        // D: stride 16, cell (2, 1), anchor 0 -> row 12; just below the threshold
        o.set(1, 12, 0.4999f, new float[] {1, 1, 1, 1}, null);
        return o;
    }

    private Path constantModel(String name, Outputs o, List<Integer> order, boolean batchDim, boolean genericNames) throws Exception {
        return ScrfdTestGraphs.constantModel(dir.resolve(name), o, order, batchDim, genericNames);
    }

    /** 128 wide, 256 high: letterboxed into 64 x 64 as 32 x 64, so image coordinates are network coordinates x 4. */
    private static BufferedImage tallImage() {
        return new BufferedImage(128, 256, BufferedImage.TYPE_INT_RGB);
    }

    private static void assertBox(FaceBox b, double x, double y, double w, double h) {
        assertThat(b.x()).isCloseTo(x, within(1e-4));
        assertThat(b.y()).isCloseTo(y, within(1e-4));
        assertThat(b.width()).isCloseTo(w, within(1e-4));
        assertThat(b.height()).isCloseTo(h, within(1e-4));
    }

    @Test
    void decodesBoxesAndKeypointsOfTheNineOutputVariant() throws Exception {
        Path file = constantModel("det9.onnx", fourCandidates(), ScrfdTestGraphs.insightfaceOrder(true), false, false);
        try (ScrfdDetector detector = ScrfdDetector.open(file, ScrfdOptions.defaults(), 1)) {
            assertThat(detector.inputSize()).containsExactly(SIDE, SIDE);
            List<DetectedFace> faces = detector.detect(tallImage());
            // B overlaps A by IoU 1024 / 1536 = 0.67 > 0.4 and is suppressed; D is below 0.5
            assertThat(faces).hasSize(2);
            DetectedFace a = faces.get(0), c = faces.get(1);
            assertThat(a.score()).isCloseTo(0.9, within(1e-6));
            // A: (24 - 8, 16 - 16, 24 + 24, 16 + 32) = (16, 0, 48, 48) in the network -> x 4
            assertBox(a.box(), 64, 0, 128, 192);
            // keypoints (24 -+ 8, 16 -+ 8) and the centre, x 4
            List<Point2> expected = List.of(new Point2(64, 32), new Point2(128, 32), new Point2(96, 64), new Point2(64, 96), new Point2(128, 96));
            for (int i = 0; i < 5; i++) {
                assertThat(a.landmarks().get(i).x()).isCloseTo(expected.get(i).x(), within(1e-4));
                assertThat(a.landmarks().get(i).y()).isCloseTo(expected.get(i).y(), within(1e-4));
            }
            assertThat(c.score()).isCloseTo(0.5, within(1e-6));
            // C: (0 - 4, 48 - 8, 0 + 16, 48 + 12) = (-4, 40, 16, 60) -> x 4
            assertBox(c.box(), -16, 160, 80, 80);
        }
    }

    @Test
    void thresholdAndNmsAreOptions() throws Exception {
        Path file = constantModel("det9.onnx", fourCandidates(), ScrfdTestGraphs.insightfaceOrder(true), false, false);
        try (ScrfdDetector loose = ScrfdDetector.open(file, ScrfdOptions.defaults().withThresholds(0.4, 0.7), 1)) {
            List<DetectedFace> faces = loose.detect(tallImage());
            assertThat(faces).extracting(DetectedFace::score).containsExactly((double) 0.9f, (double) 0.8f, (double) 0.5f, (double) 0.4999f);
            // B: (32 - 16, 32 - 16, 32 + 16, 32 + 16) = (16, 16, 48, 48) -> x 4; no keypoints were set: all at the centre
            assertBox(faces.get(1).box(), 64, 64, 128, 128);
            assertThat(faces.get(1).landmarks()).containsOnly(new Point2(128, 128));
        }
    }

    @Test
    void sixOutputsGiveFacesWithoutLandmarks() throws Exception {
        Path file = constantModel("det6.onnx", fourCandidates(), ScrfdTestGraphs.insightfaceOrder(false), false, false);
        try (ScrfdDetector detector = ScrfdDetector.open(file, ScrfdOptions.defaults(), 1)) {
            List<DetectedFace> faces = detector.detect(tallImage());
            assertThat(faces).hasSize(2);
            assertThat(faces).allMatch(f -> !f.hasLandmarks());
            assertBox(faces.get(0).box(), 64, 0, 128, 192);
        }
    }

    @Test
    void outputsAreFoundByShapeNotByNameOrOrder() throws Exception {
        List<Integer> order = ScrfdTestGraphs.insightfaceOrder(true);
        Collections.reverse(order);
        Collections.swap(order, 0, 4);
        Path file = constantModel("shuffled.onnx", fourCandidates(), order, true, true);
        try (ScrfdDetector detector = ScrfdDetector.open(file, ScrfdOptions.defaults(), 1)) {
            List<DetectedFace> faces = detector.detect(tallImage());
            assertThat(faces).hasSize(2);
            assertBox(faces.get(0).box(), 64, 0, 128, 192);
            assertThat(faces.get(0).landmarks().get(1).x()).isCloseTo(128, within(1e-4));
            assertBox(faces.get(1).box(), -16, 160, 80, 80);
        }
    }

    @Test
    void outputsThatAreNotScrfdAreNamed() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("odd");
        g.input("x", Dim.of(1), Dim.of(3), Dim.of(SIDE), Dim.of(SIDE));
        g.node("Constant", List.of(), "heatmap", OnnxGraphBuilder.tensorValue("value", new float[128 * 7], 128, 7));
        g.output("heatmap", Dim.of(128), Dim.of(7));
        Path file = dir.resolve("odd.onnx");
        Files.write(file, g.build(17, "test", "1", null, Map.of()).toByteArray());
        try (ScrfdDetector detector = ScrfdDetector.open(file, ScrfdOptions.defaults(), 1)) {
            assertThatThrownBy(() -> detector.detect(tallImage()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("heatmap [128, 7]");
        }
        Outputs o = fourCandidates();
        Path wrongSize = constantModel("det9.onnx", o, ScrfdTestGraphs.insightfaceOrder(true), false, false);
        assertThatThrownBy(() -> ScrfdDetector.open(wrongSize, ScrfdOptions.defaults().withInputSize(640, 640), 1))
                .hasMessageContaining("input width is fixed at 64, not 640");
    }

    /**
     * A model whose stride-8 scores are computed from the input: sigmoid(10 x mean of plane 0 over
     * the 8 x 8 cell), for both anchors; everything else constant and below the threshold.
     */
    private Path redCellModel() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("scrfd-red");
        g.input("input", Dim.of(1), Dim.of(3), Dim.of(SIDE), Dim.of(SIDE));
        float[] w = new float[2 * 3 * 8 * 8];
        for (int a = 0; a < 2; a++) Arrays.fill(w, a * 192, a * 192 + 64, 10f / 64);   // plane 0 of each anchor's filter
        String conv = g.node("Conv", List.of("input", g.floats("w", w, 2, 3, 8, 8)), "logits",
                OnnxGraphBuilder.ints("kernel_shape", 8, 8), OnnxGraphBuilder.ints("strides", 8, 8));
        String sig = g.node("Sigmoid", List.of(conv), "prob");
        String nhwc = g.node("Transpose", List.of(sig), "prob_nhwc", OnnxGraphBuilder.ints("perm", 0, 2, 3, 1));
        g.node("Reshape", List.of(nhwc, g.longs("rows", new long[] {-1, 1}, 2)), "score_8");
        g.output("score_8", Dim.of(128), Dim.of(1));
        Outputs o = new Outputs(SIDE);
        Arrays.fill(o.scores[1], 0f);
        Arrays.fill(o.scores[2], 0f);
        String[][] names = {{null, "score_16", "score_32"}, {"bbox_8", "bbox_16", "bbox_32"}, {"kps_8", "kps_16", "kps_32"}};
        for (int kind = 0; kind < 3; kind++) {
            for (int level = 0; level < 3; level++) {
                if (names[kind][level] == null) continue;
                float[] v = kind == 0 ? o.scores[level] : kind == 1 ? o.boxes[level] : o.kps[level];
                int width = kind == 0 ? 1 : kind == 1 ? 4 : 10;
                g.node("Constant", List.of(), names[kind][level], OnnxGraphBuilder.tensorValue("value", v, v.length / width, width));
                g.output(names[kind][level], Dim.of(v.length / width), Dim.of(width));
            }
        }
        Path file = dir.resolve("red.onnx");
        Files.write(file, g.build(17, "test", "1", null, Map.of()).toByteArray());
        return file;
    }

    /** 128 x 128 black with a pure red square at x 32..47, y 64..79: network cell (2, 4) at stride 8 after halving. */
    private static BufferedImage redSquare() {
        BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = img.createGraphics();
        gr.setColor(Color.RED);
        gr.fillRect(32, 64, 16, 16);
        gr.dispose();
        return img;
    }

    @Test
    void inputIsLetterboxedNormalisedAndInRgbOrder() throws Exception {
        Path file = redCellModel();
        try (ScrfdDetector detector = ScrfdDetector.open(file, ScrfdOptions.defaults(), 1)) {
            List<DetectedFace> faces = detector.detect(redSquare());
            // red: (255 - 127.5) / 128 = 0.996 -> sigmoid(9.96); both anchors give the same box, NMS keeps one
            assertThat(faces).hasSize(1);
            assertThat(faces.get(0).score()).isCloseTo(1 / (1 + Math.exp(-10 * 127.5 / 128)), within(1e-5));
            // centre (16, 32), distances 8 each side: (8, 24, 24, 40) in the network -> x 2
            assertBox(faces.get(0).box(), 16, 48, 32, 32);
            assertThat(faces.get(0).landmarks()).containsOnly(new Point2(32, 64));
        }
        try (ScrfdDetector bgr = ScrfdDetector.open(file, ScrfdOptions.defaults().withNormalisation(127.5, 128, true), 1)) {
            assertThat(bgr.detect(redSquare())).as("plane 0 is blue (0) in BGR order").isEmpty();
        }
    }

    @Test
    void letterboxKeepsTheAspectRatioAndPadsWithBlack() {
        BufferedImage white = new BufferedImage(100, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = white.createGraphics();
        gr.setColor(Color.WHITE);
        gr.fillRect(0, 0, 100, 30);
        gr.dispose();
        Letterbox box = Letterbox.of(white, 64, 64, 127.5, 128, false);
        // 30 / 100 < 1: width 64, height (int) (64 x 0.3) = 19, scale 19 / 30
        assertThat(box.scale()).isCloseTo(19.0 / 30, within(1e-12));
        int plane = 64 * 64;
        for (int c = 0; c < 3; c++) {
            assertThat(box.chw()[c * plane + 18 * 64 + 63]).as("last resized row").isEqualTo(0.99609375f);
            assertThat(box.chw()[c * plane + 19 * 64]).as("first padded row").isEqualTo(-0.99609375f);
        }
    }
}
