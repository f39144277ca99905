package org.protoface.eval;

import org.protoface.util.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes eval.json. Field names are a contract with downstream tooling:
 * <pre>
 * pairs, accuracy, accuracy_std, threshold, fold_accuracies, fold_thresholds,
 * tar_at_far {"1e-3": tar|null, ...}, tar_at_far_detail {"1e-3": {tar, far, threshold}|null, ...},
 * auc, pairs_auc, roc_source ("all_pairs"|"pairs"),
 * baseline_raw_pixels {accuracy, accuracy_std, threshold, fold_accuracies, fold_thresholds}|null,
 * all_pairs {images, genuine, impostor}|null, flip_test, identity_disjoint_folds, roc_png,
 * roc_curves [{label, far[], tar[]}], data_used {identities, images, pairs, pairs_requested,
 * pair_identities, all_pairs_identities, all_pairs_images_per_identity, all_pairs_identities_requested,
 * all_pairs_images_requested, notes[]} (held-out evaluations only), summary
 * </pre>
 * Accuracies are fractions. Evaluations of named validation sets ({@link #writeSets}) write one
 * such object per set, keyed by set name, with {@code roc_png} null (no plot is drawn).
 * JSON has no NaN or infinity: unresolved TAR@FAR targets are null, and a
 * null threshold inside {@code tar_at_far_detail} means negative infinity (every pair accepted).
 */
public final class EvalReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@link #read} returns: the result and the PNG path recorded next to it (may be null). */
    public record Contents(EvalResult result, String rocPng) {}

    private EvalReport() {}

    /**
     * Writes eval.json atomically.
     *
     * @param rocPng path of the ROC plot to record in {@code roc_png}, or null
     */
    public static void write(EvalResult result, Path json, Path rocPng) throws IOException {
        ObjectNode root = toJson(result, rocPng == null ? null : rocPng.toString());
        AtomicFiles.writeStream(json, out -> JSON.writeValue(out, root));
    }

    /**
     * Writes eval.json atomically with {@code precision}, the arithmetic of the model's forward
     * pass ("fp32", "bf16"), so a result can be attributed on its own.
     */
    public static void write(EvalResult result, Path json, Path rocPng, String precision) throws IOException {
        ObjectNode root = toJson(result, rocPng == null ? null : rocPng.toString());
        root.put("precision", precision);
        AtomicFiles.writeStream(json, out -> JSON.writeValue(out, root));
    }

    /** Writes {@code {"lfw": {...}, "cfp_fp": {...}}} atomically: one eval.json object per set, in map order. */
    public static void writeSets(Map<String, EvalResult> results, Path json) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<String, EvalResult> e : results.entrySet()) root.set(e.getKey(), toJson(e.getValue(), null));
        AtomicFiles.writeStream(json, out -> JSON.writeValue(out, root));
    }

    /** Reads what {@link #writeSets} wrote, in file order. */
    public static Map<String, EvalResult> readSets(Path json) throws IOException {
        JsonNode root = JSON.readTree(json.toFile());
        if (root == null || !root.isObject()) throw new IOException(json + ": expected an object keyed by validation set name");
        Map<String, EvalResult> results = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                results.put(e.getKey(), fromJson(e.getValue()).result());
            } catch (RuntimeException ex) {
                throw new IOException(json + ": set '" + e.getKey() + "' is not a valid evaluation: " + ex.getMessage(), ex);
            }
        }
        return results;
    }

    /**
     * Reads an eval.json written by {@link #write}. Null numbers come back as NaN and a null
     * TAR@FAR threshold as negative infinity; {@code precision}, if present, is not read.
     *
     * @throws IOException when the file cannot be read or is not JSON, or (message naming the file)
     *                     when a required field is missing or not of the expected type
     */
    public static Contents read(Path json) throws IOException {
        JsonNode root = JSON.readTree(json.toFile());
        try {
            return fromJson(root);
        } catch (RuntimeException e) {
            throw new IOException(json + ": not a valid eval.json: " + e.getMessage(), e);
        }
    }

    static ObjectNode toJson(EvalResult r, String rocPng) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pairs", r.pairs());
        putFoldResult(root, r.verification());
        ObjectNode tar = root.putObject("tar_at_far");
        ObjectNode detail = root.putObject("tar_at_far_detail");
        for (TarAtFar t : r.tarAtFar()) {
            String key = EvalResult.farKey(t.targetFar());
            putNumber(tar, key, t.tar());
            if (!t.resolved()) {
                detail.putNull(key);
                continue;
            }
            ObjectNode d = detail.putObject(key);
            d.put("target_far", t.targetFar());
            d.put("tar", t.tar());
            d.put("far", t.far());
            putNumber(d, "threshold", t.threshold());
        }
        putNumber(root, "auc", r.auc());
        putNumber(root, "pairs_auc", r.pairsAuc());
        root.put("roc_source", r.rocSource());
        if (r.baseline() == null) {
            root.putNull("baseline_raw_pixels");
        } else {
            putFoldResult(root.putObject("baseline_raw_pixels"), r.baseline());
        }
        if (r.allPairs() == null) {
            root.putNull("all_pairs");
        } else {
            ObjectNode all = root.putObject("all_pairs");
            all.put("images", r.allPairs().images());
            all.put("genuine", r.allPairs().genuine());
            all.put("impostor", r.allPairs().impostor());
        }
        putBoolean(root, "flip_test", r.flipTest());
        putBoolean(root, "identity_disjoint_folds", r.identityDisjointFolds());
        if (rocPng == null) root.putNull("roc_png");
        else root.put("roc_png", rocPng);
        ArrayNode curves = root.putArray("roc_curves");
        for (RocCurve c : r.rocCurves()) {
            ObjectNode node = curves.addObject();
            node.put("label", c.label());
            ArrayNode far = node.putArray("far");
            for (double v : c.far()) far.add(v);
            ArrayNode tarValues = node.putArray("tar");
            for (double v : c.tar()) tarValues.add(v);
        }
        if (r.dataUsed() != null) {
            EvalDataUsed u = r.dataUsed();
            ObjectNode used = root.putObject("data_used");
            used.put("identities", u.identities());
            used.put("images", u.images());
            used.put("pairs", u.pairs());
            used.put("pairs_requested", u.pairsRequested());
            used.put("pair_identities", u.pairIdentities());
            used.put("all_pairs_identities", u.allPairsIdentities());
            used.put("all_pairs_images_per_identity", u.allPairsImagesPerIdentity());
            used.put("all_pairs_identities_requested", u.allPairsIdentitiesRequested());
            used.put("all_pairs_images_requested", u.allPairsImagesRequested());
            ArrayNode notes = used.putArray("notes");
            u.notes().forEach(notes::add);
        }
        root.put("summary", r.summary());
        return root;
    }

    private static Contents fromJson(JsonNode root) {
        TenFoldResult verification = readFoldResult(root, required(root, "pairs").asInt());
        List<TarAtFar> tars = new ArrayList<>();
        JsonNode detail = required(root, "tar_at_far_detail");
        for (Iterator<Map.Entry<String, JsonNode>> it = required(root, "tar_at_far").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            double target = Double.parseDouble(entry.getKey());
            JsonNode d = detail.get(entry.getKey());
            if (d == null || d.isNull()) {
                tars.add(TarAtFar.unresolved(target));
            } else {
                double threshold = d.get("threshold").isNull() ? Double.NEGATIVE_INFINITY : d.get("threshold").asDouble();
                tars.add(new TarAtFar(target, number(d, "tar"), number(d, "far"), threshold));
            }
        }
        JsonNode baselineNode = required(root, "baseline_raw_pixels");
        TenFoldResult baseline = baselineNode.isNull() ? null : readFoldResult(baselineNode, verification.pairs());
        JsonNode allNode = required(root, "all_pairs");
        AllPairsCounts all = allNode.isNull() ? null : new AllPairsCounts(required(allNode, "images").asInt(),
                required(allNode, "genuine").asLong(), required(allNode, "impostor").asLong());
        List<RocCurve> curves = new ArrayList<>();
        JsonNode curveNodes = root.get("roc_curves");
        if (curveNodes != null) {
            for (JsonNode c : curveNodes) curves.add(new RocCurve(required(c, "label").asText(), doubles(c, "far"), doubles(c, "tar")));
        }
        JsonNode u = root.get("data_used");
        EvalDataUsed used = u == null || u.isNull() ? null : new EvalDataUsed(required(u, "identities").asInt(),
                required(u, "images").asLong(), required(u, "pairs").asInt(), required(u, "pairs_requested").asInt(),
                required(u, "pair_identities").asInt(), required(u, "all_pairs_identities").asInt(),
                required(u, "all_pairs_images_per_identity").asInt(), required(u, "all_pairs_identities_requested").asInt(),
                required(u, "all_pairs_images_requested").asInt(), texts(u, "notes"));
        EvalResult result = new EvalResult(verification.pairs(), verification, tars, number(root, "auc"), number(root, "pairs_auc"),
                required(root, "roc_source").asText(), all, baseline, bool(root, "flip_test"), bool(root, "identity_disjoint_folds"),
                curves, used);
        JsonNode png = root.get("roc_png");
        return new Contents(result, png == null || png.isNull() ? null : png.asText());
    }

    private static void putFoldResult(ObjectNode node, TenFoldResult f) {
        node.put("accuracy", f.meanAccuracy());
        node.put("accuracy_std", f.stdAccuracy());
        node.put("threshold", f.meanThreshold());
        ArrayNode acc = node.putArray("fold_accuracies");
        for (double v : f.foldAccuracies()) acc.add(v);
        ArrayNode thr = node.putArray("fold_thresholds");
        for (double v : f.foldThresholds()) thr.add(v);
    }

    private static TenFoldResult readFoldResult(JsonNode node, int pairs) {
        return new TenFoldResult(pairs, doubles(node, "fold_accuracies"), doubles(node, "fold_thresholds"),
                number(node, "accuracy"), number(node, "accuracy_std"), number(node, "threshold"));
    }

    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) node.put(key, value);
        else node.putNull(key);
    }

    private static void putBoolean(ObjectNode node, String key, Boolean value) {
        if (value == null) node.putNull(key);
        else node.put(key, value);
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null) throw new IllegalArgumentException("missing field '" + key + "'");
        return v;
    }

    private static double number(JsonNode node, String key) {
        JsonNode v = required(node, key);
        if (v.isNull()) return Double.NaN;
        if (!v.isNumber()) throw new IllegalArgumentException("field '" + key + "' is not a number: " + v);
        return v.asDouble();
    }

    private static Boolean bool(JsonNode node, String key) {
        JsonNode v = required(node, key);
        return v.isNull() ? null : v.asBoolean();
    }

    private static List<String> texts(JsonNode node, String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : required(node, key)) out.add(n.asText());
        return out;
    }

    private static double[] doubles(JsonNode node, String key) {
        JsonNode array = required(node, key);
        if (!array.isArray()) throw new IllegalArgumentException("field '" + key + "' is not an array");
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }
}
