package org.protoface.data.synthetic;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the synthetic identity source, written as
 * {@code synthetic:identities=2000,images=16,size=64,seed=7[,offset=K][,difficulty=1.0]}.
 *
 * <p>Identity label {@code k} (0..identities-1) renders identity number {@code offset + k}; a
 * large offset (e.g. 1073741824) gives held-out identities disjoint from a training range that
 * starts at 0. Identity numbers must stay below 2^31.
 *
 * @param identities number of identities N (required, at least 1)
 * @param images     images per identity (required, at least 1)
 * @param size       side of the square images in pixels (default 112, at least 16)
 * @param seed       world seed: the same seed always renders the same faces (default 0)
 * @param offset     identity number of label 0 (default 0)
 * @param difficulty nuisance strength multiplier; 0 renders canonical, unperturbed faces
 *                   (default 1.0, at most 2.0)
 */
public record SyntheticSpec(int identities, int images, int size, long seed, long offset, double difficulty) {
    public static final String PREFIX = "synthetic:";
    /** Identity numbers are non-negative 31-bit ints so they fit a Java int label space. */
    public static final long IDENTITY_LIMIT = 1L << 31;
    public static final int DEFAULT_SIZE = 112;
    public static final double MAX_DIFFICULTY = 2.0;

    public SyntheticSpec {
        require(identities >= 1, "identities", identities, "must be at least 1");
        require(images >= 1, "images", images, "must be at least 1");
        require(size >= 16 && size <= 1024, "size", size, "must be between 16 and 1024");
        require(offset >= 0, "offset", offset, "must be non-negative");
        require(offset + identities <= IDENTITY_LIMIT, "offset", offset,
                "plus identities (" + identities + ") must not exceed 2^31 = " + IDENTITY_LIMIT);
        require(difficulty >= 0 && difficulty <= MAX_DIFFICULTY, "difficulty", difficulty,
                "must be between 0 and " + MAX_DIFFICULTY);
    }

    /** Parses {@code synthetic:key=value,...}; unknown or repeated keys are rejected. */
    public static SyntheticSpec parse(String spec) {
        if (spec == null || !spec.startsWith(PREFIX)) {
            throw new IllegalArgumentException("synthetic data spec must start with '" + PREFIX + "': " + spec);
        }
        Map<String, String> values = new LinkedHashMap<>();
        String body = spec.substring(PREFIX.length()).trim();
        if (!body.isEmpty()) {
            for (String part : body.split(",", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("synthetic data spec '" + spec
                            + "': expected key=value but got '" + part.trim() + "'");
                }
                String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = part.substring(eq + 1).trim();
                if (!isKnownKey(key)) {
                    throw new IllegalArgumentException("synthetic data spec '" + spec + "': unknown key '" + key
                            + "' (known: identities, images, size, seed, offset, difficulty)");
                }
                if (values.put(key, value) != null) {
                    throw new IllegalArgumentException("synthetic data spec '" + spec + "': key '" + key
                            + "' given twice");
                }
            }
        }
        // each value given is read first, so a bad one is named rather than a key missing elsewhere
        int identities = (int) parseLong(spec, values, "identities", 0, Integer.MAX_VALUE);
        int images = (int) parseLong(spec, values, "images", 0, Integer.MAX_VALUE);
        int size = (int) parseLong(spec, values, "size", DEFAULT_SIZE, Integer.MAX_VALUE);
        long seed = parseLong(spec, values, "seed", 0, Long.MAX_VALUE);
        long offset = parseLong(spec, values, "offset", 0, Long.MAX_VALUE);
        double difficulty = parseDouble(spec, values, "difficulty", 1.0);
        for (String required : new String[] {"identities", "images"}) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("synthetic data spec '" + spec + "': missing required key '"
                        + required + "'");
            }
        }
        return new SyntheticSpec(identities, images, size, seed, offset, difficulty);
    }

    /** The spec string that {@link #parse} turns back into this record. */
    public String toSpecString() {
        return PREFIX + "identities=" + identities + ",images=" + images + ",size=" + size + ",seed=" + seed
                + ",offset=" + offset + ",difficulty=" + difficulty;
    }

    /** Identity number rendered for training label {@code label}. */
    public long identityNumber(int label) {
        if (label < 0 || label >= identities) {
            throw new IndexOutOfBoundsException("identity label " + label + " outside 0.." + (identities - 1));
        }
        return offset + label;
    }

    private static boolean isKnownKey(String key) {
        return switch (key) {
            case "identities", "images", "size", "seed", "offset", "difficulty" -> true;
            default -> false;
        };
    }

    private static long parseLong(String spec, Map<String, String> values, String key, long fallback, long max) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value > max) {
                throw new IllegalArgumentException("synthetic data spec '" + spec + "': " + key + "=" + text
                        + " is too large (max " + max + ")");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("synthetic data spec '" + spec + "': " + key + "=" + text
                    + " is not an integer", e);
        }
    }

    private static double parseDouble(String spec, Map<String, String> values, String key, double fallback) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException("not finite");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("synthetic data spec '" + spec + "': " + key + "=" + text
                    + " is not a finite number", e);
        }
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("synthetic data spec: " + key + "=" + value + " " + rule);
        }
    }
}
