package org.protoface.config;

/**
 * One section of a configuration: its top-level key, the record it binds to, and that record's
 * defaults. The defaults live here, in code, and nowhere else: {@link Config#get} lays the user's
 * keys over them, so a job file only names what differs and a saved {@code config.yaml} can show
 * every value a run used.
 *
 * @param key      the top-level YAML key, e.g. "optim"
 * @param type     the record the section binds to (snake_case keys, unknown keys rejected)
 * @param defaults the complete default value, or null for a record that resolves absent keys
 *                 itself (e.g. the margin, whose defaults depend on its type)
 */
public record Section<T>(String key, Class<T> type, T defaults) {
    public Section {
        if (key == null || key.isBlank() || key.contains(".")) throw new IllegalArgumentException("bad section key '" + key + "'");
        if (type == null) throw new IllegalArgumentException("section '" + key + "' needs a type");
    }
}
