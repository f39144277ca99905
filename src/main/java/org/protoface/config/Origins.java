package org.protoface.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Where each key of a merged configuration came from: the file that set it last, or
 * {@code --set}. Only error messages read it, so a user can find the line to fix.
 */
final class Origins {
    private final Map<String, String> byKey = new HashMap<>();

    Origins copy() {
        Origins o = new Origins();
        o.byKey.putAll(byKey);
        return o;
    }

    /** Records {@code where} for every key of {@code tree}, sections and leaves, below {@code prefix}. */
    void recordTree(String prefix, JsonNode tree, String where) {
        if (!prefix.isEmpty()) byKey.put(prefix, where);
        if (tree == null || !tree.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            recordTree(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), where);
        }
    }

    /** The origin of dotted {@code key} (or of its nearest enclosing section), or "" when unknown (a default). */
    String describe(String key) {
        for (String k = key; !k.isEmpty(); k = k.contains(".") ? k.substring(0, k.lastIndexOf('.')) : "") {
            String where = byKey.get(k);
            if (where != null) return where;
        }
        return "";
    }
}
