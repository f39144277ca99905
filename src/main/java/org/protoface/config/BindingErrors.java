package org.protoface.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns Jackson's binding and parsing exceptions into one line in the user's terms: the key as
 * written in YAML ({@code optim.lr}), what it expects and what it got. Jackson's own wording
 * names Java classes and coercion settings a user cannot act on, so none of it is passed on.
 */
final class BindingErrors {
    private BindingErrors() {}

    /**
     * The message for a section that failed to bind.
     *
     * @param section the section's top-level key, e.g. "train"
     * @param tree    the merged tree that was bound (defaults and the user's keys), to quote the bad value
     * @param e       what Jackson threw
     * @param origins where a dotted key came from ("--set" or a file), for the message's prefix
     */
    static String describe(String section, JsonNode tree, JsonProcessingException e, Origins origins) {
        // a record's own range check (e.g. "train.steps must be at least 1, got -1") says it best
        if (e instanceof ValueInstantiationException || e.getCause() instanceof IllegalArgumentException) {
            Throwable c = e.getCause();
            String why = c != null && c.getMessage() != null ? c.getMessage() : "invalid value";
            return why;
        }
        if (!(e instanceof JsonMappingException m)) return section + ": cannot read this section";
        List<String> fields = m.getPath().stream().map(JsonMappingException.Reference::getFieldName).filter(Objects::nonNull).toList();
        if (e instanceof PropertyBindingException p) {
            String key = dotted(section, fields);
            String prefix = origins.describe(key);
            return (prefix.isEmpty() ? "" : prefix + ": ") + "key '" + key + "' is not a setting of section " + section
                    + " (known: " + known(p.getKnownPropertyIds()) + ")";
        }
        String key = dotted(section, fields);
        JsonNode value = tree;
        for (String f : fields) value = value == null ? null : value.get(f);
        String expected = e instanceof MismatchedInputException mi ? expected(mi.getTargetType()) : "another kind of value";
        String from = origins.describe(key);
        return key + ": expected " + expected + ", got " + got(value) + (from.isEmpty() ? "" : " (from " + from + ")");
    }

    /**
     * The message for text that is not YAML: "FILE line L column C: invalid YAML: PROBLEM".
     *
     * @param where the file (or "--set key=value") the text came from
     */
    static String invalidYaml(String where, JsonProcessingException e) {
        String problem = null;
        int line = -1, column = -1;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException y) {
                problem = y.getProblem();
                if (y.getProblemMark() != null) {
                    line = y.getProblemMark().getLine() + 1;
                    column = y.getProblemMark().getColumn() + 1;
                }
                break;
            }
        }
        if (line < 0) {
            JsonLocation loc = e.getLocation();
            if (loc != null && loc.getLineNr() > 0) {
                line = loc.getLineNr();
                column = loc.getColumnNr();
            }
        }
        if (problem == null) {
            String original = e.getOriginalMessage() == null ? "unreadable text" : e.getOriginalMessage();
            problem = original.lines().findFirst().orElse(original).strip();
        }
        return where + (line > 0 ? " line " + line + " column " + column : "") + ": invalid YAML: " + problem;
    }

    private static String dotted(String section, List<String> fields) {
        return fields.isEmpty() ? section : section + "." + String.join(".", fields);
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) return "none";
        TreeSet<String> names = new TreeSet<>();
        for (Object o : ids) names.add(String.valueOf(o));
        return String.join(", ", names);
    }

    private static String expected(Class<?> type) {
        if (type == null) return "another kind of value";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) return "a whole number";
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a text value";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        return "a section (key: value lines)";
    }

    private static String got(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "nothing (null)";
        if (v.isArray()) return "a list";
        if (v.isObject()) return "a section";
        if (v.isTextual()) return "'" + v.asText() + "'";
        return v.asText();
    }
}
