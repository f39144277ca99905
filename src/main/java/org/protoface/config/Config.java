package org.protoface.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.protoface.util.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A training configuration: a YAML tree (a job file merged over the files it names as {@code base})
 * with {@code --set key=value} overrides applied. Each component binds its own section to a
 * record with {@link #get(Section)}, so the tree stays data and unknown keys fail loudly.
 */
public final class Config {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // memory_size: 12.5 must be an error, not 12
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private final ObjectNode root;

    /**
     * Wraps an already parsed YAML tree (no {@code base} resolution, no overrides).
     *
     * @param root top-level mapping of the job; kept as given, not copied
     */
    public Config(ObjectNode root) {
        this.root = root;
    }

    /**
     * Loads a job: {@code nameOrPath} is a YAML file path or the name of a preset in
     * {@code configs/} (on disk under the project home, or on the classpath).
     */
    public static Config load(String nameOrPath, List<String> overrides) {
        ObjectNode tree = loadWithBases(nameOrPath, 0);
        tree.remove("base");
        for (String o : overrides) applyOverride(tree, o);
        return new Config(tree);
    }

    /**
     * Parses a YAML document as a config (no {@code base} resolution, no overrides).
     *
     * @throws ConfigException if the text is not valid YAML (the message carries the parser's reason)
     */
    public static Config fromYaml(String yaml) {
        try {
            return new Config((ObjectNode) YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid YAML: " + e.getOriginalMessage());
        }
    }

    /**
     * Binds a section: the user's keys laid over the section's defaults, then bound to its record.
     * Errors name the section and the offending field.
     *
     * @throws ConfigException for an unknown field, a wrong type, or a value the record refuses
     */
    public <T> T get(Section<T> section) {
        JsonNode user = root.get(section.key());
        ObjectNode tree = section.defaults() == null ? JsonNodeFactory.instance.objectNode()
                : (ObjectNode) YAML.valueToTree(section.defaults());
        if (user != null && !user.isNull()) {
            if (!user.isObject()) throw new ConfigException("config key '" + section.key() + "' must be a section (key: value lines)");
            merge(tree, (ObjectNode) user);
        }
        try {
            return YAML.treeToValue(tree, section.type());
        } catch (JsonProcessingException e) {
            // a record's own check (e.g. "memory_size must be at least 1") says it best
            String why = e.getCause() instanceof IllegalArgumentException c ? c.getMessage() : e.getOriginalMessage();
            throw new ConfigException("config section '" + section.key() + "'" + fieldOf(e) + ": " + why);
        }
    }

    /** ", key 'memory_size'" when Jackson knows which field failed, else "". */
    private static String fieldOf(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m) || m.getPath().isEmpty()) return "";
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() == null) continue;
            if (path.length() > 0) path.append('.');
            path.append(r.getFieldName());
        }
        return path.length() == 0 ? "" : ", key '" + path + "'";
    }

    /** A top-level value such as {@code data} or {@code head}, or {@code defaultValue} when absent. */
    public String string(String key, String defaultValue) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) return defaultValue;
        if (!node.isValueNode()) throw new ConfigException("config key '" + key + "' must be a value");
        return node.asText();
    }

    /** The YAML tree of a bound section value (every field, defaults included), for saving. */
    public static JsonNode treeOf(Object sectionValue) {
        return YAML.valueToTree(sectionValue);
    }

    /** A copy of this config with {@code key} set to {@code value}'s tree. */
    public Config with(String key, JsonNode value) {
        ObjectNode copy = root.deepCopy();
        copy.set(key, value);
        return new Config(copy);
    }

    /** Whether {@code key} is a top-level key with a non-null value. */
    public boolean has(String key) {
        return root.hasNonNull(key);
    }

    /**
     * The text of top-level value {@code key}.
     *
     * @throws ConfigException if the key is absent or not a scalar value
     */
    public String string(String key) {
        JsonNode node = root.get(key);
        if (node == null || !node.isValueNode()) throw new ConfigException("config key '" + key + "' must be a value");
        return node.asText();
    }

    /** Fails if the tree has top-level keys no component reads (typos would otherwise be ignored). */
    public void requireOnlyKeys(List<String> known) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ConfigException("unknown config key '" + k + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    /** A deep copy of the whole tree; changing it does not change this config. */
    public ObjectNode tree() {
        return root.deepCopy();
    }

    /** This config as YAML text (what {@link #save} writes). */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@link #toYaml()} to {@code file} atomically (via {@link AtomicFiles}).
     *
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toYaml());
    }

    private static ObjectNode loadWithBases(String nameOrPath, int depth) {
        if (depth > 8) throw new ConfigException("config 'base' chain too deep at " + nameOrPath);
        String text = readConfigText(nameOrPath);
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config " + nameOrPath + ": invalid YAML: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) node = JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw new ConfigException("config " + nameOrPath + " must be a YAML mapping");
        ObjectNode tree = (ObjectNode) node;
        JsonNode base = tree.get("base");
        if (base == null) return tree;
        ObjectNode merged = loadWithBases(base.asText(), depth + 1);
        merge(merged, tree);
        return merged;
    }

    /** Deep merge: mappings merge key by key, anything else in {@code over} replaces. */
    static void merge(ObjectNode into, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo) {
                merge(eo, vo);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /** {@code a.b.c=value}; the value is parsed as YAML so numbers and booleans keep their type. */
    static void applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new ConfigException("override '" + override + "' must look like key=value");
        String[] path = override.substring(0, eq).trim().split("\\.");
        String raw = override.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(raw);
            if (value == null || value.isMissingNode()) value = JsonNodeFactory.instance.textNode(raw);
        } catch (JsonProcessingException e) {
            value = JsonNodeFactory.instance.textNode(raw);
        }
        // New keys are allowed here: binding a section to its record rejects unknown fields, and
        // requireOnlyKeys rejects unknown sections, so typos still fail with the key named.
        ObjectNode node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(path[i]);
            } else if (!(child instanceof ObjectNode)) {
                throw new ConfigException("override '" + override + "': '" + path[i] + "' is a value, not a section");
            }
            node = (ObjectNode) child;
        }
        String leaf = path[path.length - 1];
        node.set(leaf, value);
    }

    private static String readConfigText(String nameOrPath) {
        Path direct = Path.of(nameOrPath);
        if (Files.isRegularFile(direct)) return read(direct);
        String name = nameOrPath.endsWith(".yaml") ? nameOrPath : nameOrPath + ".yaml";
        Path home = Path.of(System.getProperty("protoface.home", System.getProperty("user.dir")));
        Path preset = home.resolve("configs").resolve(name);
        if (Files.isRegularFile(preset)) return read(preset);
        try (InputStream in = Config.class.getResourceAsStream("/configs/" + name)) {
            if (in != null) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read preset " + name + ": " + e.getMessage());
        }
        throw new ConfigException("no config file or preset named '" + nameOrPath + "' (looked in " + preset.getParent() + ")");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + p + ": " + e.getMessage());
        }
    }
}
