package org.protoface.config;

/**
 * Range checks for config records' compact constructors. Each failure is a {@link ConfigException}
 * whose message names the key as written in YAML, the value given and the valid range, e.g.
 * "train.steps must be at least 1, got -1".
 */
public final class Ranges {
    private Ranges() {}

    /**
     * @param key dotted YAML key, e.g. "train.steps"
     * @throws ConfigException if {@code value < min}
     */
    public static void atLeast(String key, long value, long min) {
        if (value < min) throw new ConfigException(key + " must be at least " + min + ", got " + value);
    }

    /**
     * @param key dotted YAML key
     * @throws ConfigException if {@code value} is not a finite number above 0
     */
    public static void positive(String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) throw new ConfigException(key + " must be a number above 0, got " + value);
    }

    /**
     * @param key dotted YAML key
     * @throws ConfigException if {@code value} is negative or not finite
     */
    public static void nonNegative(String key, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) throw new ConfigException(key + " must be 0 or more, got " + value);
    }

    /**
     * A probability or share.
     *
     * @param key dotted YAML key
     * @throws ConfigException unless {@code 0 <= value <= 1}
     */
    public static void unitInterval(String key, double value) {
        if (!(value >= 0 && value <= 1)) throw new ConfigException(key + " must be in [0, 1], got " + value);
    }

    /**
     * A decay factor such as a momentum, where 1 would never forget.
     *
     * @param key dotted YAML key
     * @throws ConfigException unless {@code 0 <= value < 1}
     */
    public static void halfOpenUnit(String key, double value) {
        if (!(value >= 0 && value < 1)) throw new ConfigException(key + " must be in [0, 1), got " + value);
    }

    /**
     * @param key dotted YAML key
     * @throws ConfigException if {@code value} is null or blank
     */
    public static void present(String key, String value) {
        if (value == null || value.isBlank()) throw new ConfigException(key + " must be set (got nothing)");
    }
}
