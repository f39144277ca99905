package org.protoface.pipeline.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.protoface.data.synthetic.SyntheticFolderWriter;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;
import org.protoface.util.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Face records on disk. Two forms are read:
 * <ul>
 *   <li>{@code .jsonl}, written by {@code embed} and {@code detect --json}: one object per face,
 *       {@code {"source": ..., "label": ..., "face": i, "box": [x, y, w, h], "score": s,
 *       "landmarks": [x0, y0, ..., x4, y4], "embedding": [...]}} (label, landmarks and embedding
 *       may be absent or empty; landmarks hold 0, 2 or 5 points);</li>
 *   <li>{@code landmarks.tsv} as {@code protoface synth} writes it
 *       ({@link SyntheticFolderWriter}): {@code label/sample.png<TAB>label<TAB>x0<TAB>y0 ... x4<TAB>y4}.</li>
 * </ul>
 * A malformed line is an error naming the file, the line and the field; so is a coordinate that
 * is not finite or beyond {@link #MAX_COORDINATE} pixels (no photograph ProtoFace reads is that
 * large; such a value would collapse the alignment instead of failing).
 */
public final class FaceRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest |coordinate| accepted, in pixels: a few times the largest photograph ProtoFace reads (12,000 px). */
    public static final double MAX_COORDINATE = 100_000;

    /**
     * A record and where it was read.
     *
     * @param where "FILE line N", for error messages about the record
     */
    public record Located(FaceRecord record, String where) {}

    private FaceRecords() {}

    /**
     * Writes records as JSON lines, atomically; readable by the owner only when any record carries
     * an embedding (biometric data, like a gallery).
     */
    public static void writeJsonl(Path file, List<FaceRecord> records) throws IOException {
        AtomicFiles.PathWriter writer = tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (FaceRecord r : records) {
                    w.write(JSON.writeValueAsString(toJson(r)));
                    w.write('\n');
                }
            }
        };
        if (records.stream().anyMatch(r -> r.embedding() != null)) AtomicFiles.writeOwnerOnly(file, writer);
        else AtomicFiles.write(file, writer);
    }

    static ObjectNode toJson(FaceRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("source", r.source());
        if (r.label() != null) o.put("label", r.label());
        o.put("face", r.index());
        FaceBox b = r.face().box();
        o.putArray("box").add(b.x()).add(b.y()).add(b.width()).add(b.height());
        o.put("score", r.face().score());
        ArrayNode lm = o.putArray("landmarks");
        for (Point2 p : r.face().landmarks()) lm.add(p.x()).add(p.y());
        if (r.embedding() != null) {
            ArrayNode e = o.putArray("embedding");
            for (float v : r.embedding()) e.add(v);
        }
        return o;
    }

    /**
     * Reads a {@code .jsonl} file of face records or a synthetic {@code landmarks.tsv}.
     *
     * @throws IllegalArgumentException naming the file, line and field of a malformed record
     */
    public static List<FaceRecord> read(Path file) throws IOException {
        return readLocated(file).stream().map(Located::record).toList();
    }

    /** Like {@link #read}, with each record's file and line. */
    public static List<Located> readLocated(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".jsonl") || name.endsWith(".json")) return readJsonl(file);
        if (name.endsWith(".tsv")) return readTsv(file);
        throw new IllegalArgumentException(file + ": landmarks must be a .jsonl file (from embed or detect --json) or a landmarks.tsv (from synth)");
    }

    static List<Located> readJsonl(Path file) throws IOException {
        List<Located> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                String where = file + " line " + no;
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")");
                }
                out.add(new Located(fromJson(o, where), where));
            }
        }
        return out;
    }

    private static FaceRecord fromJson(JsonNode o, String where) {
        if (!o.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
        JsonNode src = o.get("source");
        if (src == null || !src.isTextual()) throw new IllegalArgumentException(where + ": field 'source' (the image file) is missing");
        double[] box = numbers(o.get("box"), where, "box");
        if (box.length != 4) throw new IllegalArgumentException(where + ": field 'box' needs 4 numbers [x, y, w, h], got " + box.length);
        double[] lm = o.has("landmarks") ? numbers(o.get("landmarks"), where, "landmarks") : new double[0];
        if (!(lm.length == 0 || lm.length == 4 || lm.length == 10)) {
            throw new IllegalArgumentException(where + ": field 'landmarks' needs 0, 4 or 10 numbers, got " + lm.length);
        }
        for (int i = 0; i < lm.length; i++) requireInRange(lm[i], where, "landmarks " + coordinateName(i));
        for (int i = 0; i < 4; i++) requireInRange(box[i], where, "box item " + i);
        FaceBox fb;
        try {
            fb = new FaceBox(box[0], box[1], box[2], box[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": field 'box': " + e.getMessage());
        }
        double score = o.has("score") ? o.get("score").asDouble() : 0;
        JsonNode label = o.get("label");
        int index = o.has("face") ? o.get("face").asInt() : 0;
        float[] emb = null;
        if (o.has("embedding")) {
            double[] e = numbers(o.get("embedding"), where, "embedding");
            emb = new float[e.length];
            for (int i = 0; i < e.length; i++) emb[i] = (float) e[i];
        }
        return new FaceRecord(src.asText(), label == null || label.isNull() ? null : label.asText(), index,
                new DetectedFace(fb, score, points(lm)), emb);
    }

    private static double[] numbers(JsonNode a, String where, String field) {
        if (a == null || !a.isArray()) throw new IllegalArgumentException(where + ": field '" + field + "' must be an array of numbers");
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = a.get(i);
            if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                throw new IllegalArgumentException(where + ": field '" + field + "' item " + i + " is not a finite number: " + x);
            }
            v[i] = x.asDouble();
        }
        return v;
    }

    /**
     * Reads {@code landmarks.tsv} from {@code protoface synth}. Records have the five landmarks, the
     * label as written, the image path relative to the file's folder, and the whole image as box
     * (the box is not known; it is not used for alignment when landmarks are given).
     */
    static List<Located> readTsv(Path file) throws IOException {
        List<Located> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                String where = file + " line " + no;
                String[] f = line.split("\t", -1);
                if (f.length != 12) {
                    throw new IllegalArgumentException(where + ": expected 12 tab-separated fields (path, label, x0, y0 ... x4, y4), got " + f.length);
                }
                double[] lm = new double[10];
                for (int i = 0; i < 10; i++) {
                    try {
                        lm[i] = Double.parseDouble(f[2 + i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + ": landmark value " + coordinateName(i) + " is not a number: '" + f[2 + i] + "'");
                    }
                    requireInRange(lm[i], where, "landmark value " + coordinateName(i));
                }
                FaceBox box = boundingBox(lm);
                out.add(new Located(new FaceRecord(f[0], f[1], 0, new DetectedFace(box, 1, points(lm)), null), where));
            }
        }
        return out;
    }

    /** x0, y0, x1, ... for the i-th value of a flat landmark list. */
    public static String coordinateName(int i) {
        return (i % 2 == 0 ? "x" : "y") + (i / 2);
    }

    private static void requireInRange(double v, String where, String field) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(where + ": " + field + " is not finite (" + v + "); fix or drop the line");
        if (Math.abs(v) > MAX_COORDINATE) {
            throw new IllegalArgumentException(where + ": " + field + " = " + v + " is far outside any photograph (limit +-" + (long) MAX_COORDINATE
                    + " px); fix or drop the line");
        }
    }

    /** The bounding box of the landmarks, for records that have no detector box. */
    private static FaceBox boundingBox(double[] lm) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (int i = 0; i < lm.length; i += 2) {
            x0 = Math.min(x0, lm[i]);
            x1 = Math.max(x1, lm[i]);
            y0 = Math.min(y0, lm[i + 1]);
            y1 = Math.max(y1, lm[i + 1]);
        }
        return new FaceBox(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    private static List<Point2> points(double[] xy) {
        List<Point2> p = new ArrayList<>();
        for (int i = 0; i + 1 < xy.length; i += 2) p.add(new Point2(xy[i], xy[i + 1]));
        return p;
    }
}
