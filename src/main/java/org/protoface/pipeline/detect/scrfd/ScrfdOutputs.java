package org.protoface.pipeline.detect.scrfd;

import org.protoface.onnx.OnnxSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sorts an SCRFD model's outputs into feature levels by their shapes, whatever their names and
 * order: per level a score map (R x 1), box distances (R x 4) and, in the keypoint variants,
 * five-point offsets (R x 10), with R = anchors x (H / stride) x (W / stride) rows in row-major
 * location order, the anchors of one location adjacent. A leading batch dimension of 1 is allowed.
 * Three levels (strides 8, 16, 32) have two anchors per location (6 or 9 outputs, as insightface's
 * det_10g / det_2.5g); five levels (8 .. 128) have one (10 or 15 outputs).
 */
final class ScrfdOutputs {
    /** The outputs of one stride. {@code keypoints} is null for models without them. */
    record Level(int stride, int anchors, int columns, int rows, float[] scores, float[] boxes, float[] keypoints) {}

    private ScrfdOutputs() {}

    /**
     * @param outputs every output of one run, by name
     * @return the levels, finest stride first
     * @throws IllegalArgumentException naming the model and the output that does not fit
     */
    static List<Level> levels(Map<String, OnnxSession.Output> outputs, int inputWidth, int inputHeight, String source) {
        List<Map<Integer, float[]>> byKind = List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());   // scores, boxes, kps
        int scores = 0, boxes = 0, kps = 0;
        for (OnnxSession.Output o : outputs.values()) {
            int width = (int) columnsOf(o, source, outputs);
            if (width == 1) scores++;
            else if (width == 4) boxes++;
            else if (width == 10) kps++;
        }
        if (scores == 0 || scores != boxes || (kps != 0 && kps != scores) || scores + boxes + kps != outputs.size()) {
            throw new IllegalArgumentException(source + ": not an SCRFD-style detector: expected equal numbers of score (R x 1), "
                    + "box (R x 4) and optional keypoint (R x 10) outputs, got " + describe(outputs));
        }
        int levels = scores;
        int anchors = levels == 3 ? 2 : levels == 5 ? 1 : -1;
        if (anchors < 0) {
            throw new IllegalArgumentException(source + ": " + levels + " score outputs; SCRFD models have 3 (strides 8, 16, 32) or 5 "
                    + "(strides 8 .. 128)");
        }
        for (Map.Entry<String, OnnxSession.Output> e : outputs.entrySet()) {
            OnnxSession.Output o = e.getValue();
            int width = (int) columnsOf(o, source, outputs);
            long rows = o.values().length / width;
            int stride = strideFor(rows, anchors, levels, inputWidth, inputHeight);
            if (stride < 0) {
                throw new IllegalArgumentException(source + ": output '" + e.getKey() + "' has " + rows + " rows, which matches no stride "
                        + "of a " + inputWidth + " x " + inputHeight + " input with " + anchors + " anchor(s) per location");
            }
            Map<Integer, float[]> kind = byKind.get(width == 1 ? 0 : width == 4 ? 1 : 2);
            if (kind.put(stride, o.values()) != null) {
                throw new IllegalArgumentException(source + ": two outputs of width " + width + " for stride " + stride + ": " + describe(outputs));
            }
        }
        List<Level> out = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            int stride = 8 << i;
            int columns = inputWidth / stride, rows = inputHeight / stride;
            out.add(new Level(stride, anchors, columns, rows, byKind.get(0).get(stride), byKind.get(1).get(stride),
                    kps == 0 ? null : byKind.get(2).get(stride)));
        }
        return out;
    }

    /** The stride whose grid has {@code rows} anchors, or -1. */
    private static int strideFor(long rows, int anchors, int levels, int w, int h) {
        for (int i = 0; i < levels; i++) {
            int s = 8 << i;
            if ((long) anchors * (h / s) * (w / s) == rows) return s;
        }
        return -1;
    }

    /** The last dimension of an R x C or 1 x R x C output. */
    private static long columnsOf(OnnxSession.Output o, String source, Map<String, OnnxSession.Output> all) {
        long[] s = o.shape();
        boolean ok = s.length == 2 || (s.length == 3 && s[0] == 1);
        if (!ok) {
            throw new IllegalArgumentException(source + ": SCRFD outputs are R x C (or 1 x R x C); got " + describe(all));
        }
        return s[s.length - 1];
    }

    private static String describe(Map<String, OnnxSession.Output> outputs) {
        StringBuilder b = new StringBuilder();
        outputs.forEach((name, o) -> b.append(b.length() == 0 ? "" : ", ").append(name).append(' ').append(Arrays.toString(o.shape())));
        return b.toString();
    }
}
