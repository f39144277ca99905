package org.protoface.pipeline.detect.scrfd;

import org.protoface.onnx.OnnxGraphBuilder;
import org.protoface.onnx.OnnxGraphBuilder.Dim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * SCRFD-shaped ONNX graphs whose outputs are constants chosen by the test, so every decoded box
 * and point is known in advance. Three strides (8, 16, 32), two anchors per cell, a fixed
 * side x side input; at stride s the rows are (y * side / s + x) * 2 + anchor for cell (x, y).
 */
public final class ScrfdTestGraphs {
    public static final int[] STRIDES = {8, 16, 32};

    private ScrfdTestGraphs() {}

    /** Constant outputs of one model: per stride scores (R), distances (R x 4), keypoint offsets (R x 10). */
    public static final class Outputs {
        final int side;
        final float[][] scores = new float[3][], boxes = new float[3][], kps = new float[3][];

        /** Every anchor scores 0.01 (below any sensible threshold), with distances 1 and keypoint offsets 0. */
        public Outputs(int side) {
            this.side = side;
            for (int i = 0; i < 3; i++) {
                int rows = 2 * (side / STRIDES[i]) * (side / STRIDES[i]);
                scores[i] = new float[rows];
                Arrays.fill(scores[i], 0.01f);
                boxes[i] = new float[rows * 4];
                Arrays.fill(boxes[i], 1f);
                kps[i] = new float[rows * 10];
            }
        }

        /**
         * @param level     0, 1, 2 for strides 8, 16, 32
         * @param distances left, top, right, bottom in stride units
         * @param keypoints five (dx, dy) offsets in stride units, or null to leave them 0
         */
        public Outputs set(int level, int row, float score, float[] distances, float[] keypoints) {
            scores[level][row] = score;
            System.arraycopy(distances, 0, boxes[level], row * 4, 4);
            if (keypoints != null) System.arraycopy(keypoints, 0, kps[level], row * 10, 10);
            return this;
        }
    }

    /** insightface's output order: scores 8, 16, 32, boxes 8, 16, 32 and, with keypoints, keypoints 8, 16, 32. */
    public static List<Integer> insightfaceOrder(boolean keypoints) {
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
        if (keypoints) order.addAll(List.of(6, 7, 8));
        return order;
    }

    /** The nine outputs in insightface's order, named score_8 .. kps_32, input 1 x 3 x side x side. */
    public static Path constantModel(Path file, Outputs o) throws Exception {
        return constantModel(file, o, insightfaceOrder(true), false, false);
    }

    /**
     * Writes the outputs as Constant nodes. {@code order} lists (kind, level) pairs as kind * 3 + level,
     * kind 0 scores, 1 boxes, 2 keypoints; {@code batchDim} adds a leading 1; {@code genericNames}
     * names the outputs out0, out1, ... instead of score_8 etc.
     */
    public static Path constantModel(Path file, Outputs o, List<Integer> order, boolean batchDim, boolean genericNames) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("scrfd-constant");
        g.input("input.1", Dim.of(1), Dim.of(3), Dim.of(o.side), Dim.of(o.side));
        String[] kinds = {"score", "bbox", "kps"};
        int[] widths = {1, 4, 10};
        int k = 0;
        for (int code : order) {
            int kind = code / 3, level = code % 3;
            float[] values = kind == 0 ? o.scores[level] : kind == 1 ? o.boxes[level] : o.kps[level];
            long rows = values.length / widths[kind];
            long[] shape = batchDim ? new long[] {1, rows, widths[kind]} : new long[] {rows, widths[kind]};
            String out = genericNames ? "out" + k++ : kinds[kind] + "_" + STRIDES[level];
            g.node("Constant", List.of(), out, OnnxGraphBuilder.tensorValue("value", values, shape));
            Dim[] dims = batchDim ? new Dim[] {Dim.of(1), Dim.of(rows), Dim.of(widths[kind])} : new Dim[] {Dim.of(rows), Dim.of(widths[kind])};
            g.output(out, dims);
        }
        Files.write(file, g.build(17, "test", "1", null, Map.of()).toByteArray());
        return file;
    }
}
