package org.protoface.pipeline.detect.scrfd;

import org.protoface.onnx.OnnxSession;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.detect.NonMaximumSuppression;
import org.protoface.pipeline.detect.Point2;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An SCRFD-style ONNX face detector (Guo et al., "Sample and Computation Redistribution for
 * Efficient Face Detection", ICLR 2022; insightface's det_10g.onnx and relatives), decoded as
 * insightface's reference does:
 * <ol>
 *   <li>the photograph is letterboxed into the network input ({@link Letterbox});</li>
 *   <li>for each stride s, anchor centres are (x s, y s) for every cell (x, y) of the
 *       (W / s) x (H / s) grid, each repeated once per anchor;</li>
 *   <li>a candidate is an anchor whose score is at least the threshold; its box is
 *       (cx - l s, cy - t s, cx + r s, cy + b s) from the predicted distances (l, t, r, b), and
 *       keypoint k is (cx + dx_k s, cy + dy_k s);</li>
 *   <li>coordinates are divided by the letterbox scale, and greedy NMS keeps the best faces.</li>
 * </ol>
 * Outputs are found by shape ({@link ScrfdOutputs}), so names and order do not matter. Scores are
 * taken as probabilities (insightface's exports end with a sigmoid). Not thread-safe.
 */
public final class ScrfdDetector implements FaceDetector {
    private final OnnxSession session;
    private final ScrfdOptions options;
    private final int width, height;

    private ScrfdDetector(OnnxSession session, ScrfdOptions options, int width, int height) {
        this.session = session;
        this.options = options;
        this.width = width;
        this.height = height;
    }

    /**
     * @param threads ONNX Runtime intra-op threads (0 = its default)
     * @throws IOException              naming the file when it is missing or cannot be loaded
     * @throws IllegalArgumentException when the requested input size contradicts the graph's fixed one
     */
    public static ScrfdDetector open(Path file, ScrfdOptions options, int threads) throws IOException {
        OnnxSession session = OnnxSession.open(file, threads);
        try {
            long[] in = session.inputShape();
            if (in.length != 4 || (in[1] > 0 && in[1] != 3)) {
                throw new IllegalArgumentException(file + ": input has shape " + Arrays.toString(in) + "; a detector takes 1 x 3 x H x W");
            }
            int w = pick(options.inputWidth(), in[3], "width", file), h = pick(options.inputHeight(), in[2], "height", file);
            return new ScrfdDetector(session, options, w, h);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The option, else the graph's fixed size, else 640; an option contradicting a fixed graph is an error. */
    private static int pick(int option, long graph, String what, Path file) {
        if (graph > 0 && option > 0 && option != graph) {
            throw new IllegalArgumentException(file + ": the model's input " + what + " is fixed at " + graph + ", not " + option);
        }
        if (graph > 0) return (int) graph;
        return option > 0 ? option : ScrfdOptions.DEFAULT_SIDE;
    }

    @Override
    public List<DetectedFace> detect(BufferedImage image) {
        Letterbox input = Letterbox.of(image, width, height, options.mean(), options.std(), options.bgr());
        List<ScrfdOutputs.Level> levels = ScrfdOutputs.levels(session.run(input.chw(), 1, 3, height, width), width, height,
                session.file().toString());
        List<DetectedFace> candidates = new ArrayList<>();
        for (ScrfdOutputs.Level level : levels) decode(level, input.scale(), candidates);
        return NonMaximumSuppression.apply(candidates, options.nmsIou());
    }

    private void decode(ScrfdOutputs.Level level, double scale, List<DetectedFace> out) {
        int s = level.stride();
        for (int row = 0; row < level.scores().length; row++) {
            float score = level.scores()[row];
            if (Float.isNaN(score)) throw nonFinite("score", s, row);
            if (score < options.scoreThreshold()) continue;
            int cell = row / level.anchors();
            double cx = (cell % level.columns()) * (double) s, cy = (cell / level.columns()) * (double) s;
            float[] d = Arrays.copyOfRange(level.boxes(), row * 4, row * 4 + 4);
            double x1 = (cx - d[0] * s) / scale, y1 = (cy - d[1] * s) / scale;
            double x2 = (cx + d[2] * s) / scale, y2 = (cy + d[3] * s) / scale;
            if (!Double.isFinite(x1 + y1 + x2 + y2)) throw nonFinite("box", s, row);
            if (!(x2 > x1 && y2 > y1)) continue;   // a box of no area is no face
            List<Point2> landmarks = new ArrayList<>(5);
            if (level.keypoints() != null) {
                for (int k = 0; k < 5; k++) {
                    double px = (cx + level.keypoints()[row * 10 + 2 * k] * s) / scale;
                    double py = (cy + level.keypoints()[row * 10 + 2 * k + 1] * s) / scale;
                    if (!Double.isFinite(px + py)) throw nonFinite("keypoint", s, row);
                    landmarks.add(new Point2(px, py));
                }
            }
            out.add(new DetectedFace(new FaceBox(x1, y1, x2 - x1, y2 - y1), score, landmarks));
        }
    }

    private IllegalArgumentException nonFinite(String what, int stride, int row) {
        return new IllegalArgumentException(session.file() + ": non-finite " + what + " at stride " + stride + ", anchor row " + row);
    }

    /** The network input size in use, width x height. */
    public int[] inputSize() {
        return new int[] {width, height};
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "scrfd %s, input %d x %d, score >= %.2f, NMS IoU %.2f", session.file(), width, height,
                options.scoreThreshold(), options.nmsIou());
    }

    @Override
    public void close() {
        session.close();
    }
}
