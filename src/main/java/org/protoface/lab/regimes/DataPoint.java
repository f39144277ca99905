package org.protoface.lab.regimes;

import org.protoface.data.synthetic.SyntheticSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * One training set of the study: {@code identities} synthetic identities with
 * {@code imagesPerIdentity} images each, written "2000x16".
 */
public record DataPoint(int identities, int imagesPerIdentity) {
    public DataPoint {
        if (identities < 1) throw new IllegalArgumentException("a data point needs at least 1 identity, got " + identities);
        if (imagesPerIdentity < 1) throw new IllegalArgumentException("a data point needs at least 1 image per identity, got " + imagesPerIdentity);
    }

    /** Parses "NxK", e.g. "32000x4". */
    public static DataPoint parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int x = t.indexOf('x');
        if (x <= 0 || x == t.length() - 1) throw bad(text);
        try {
            return new DataPoint(Integer.parseInt(t.substring(0, x)), Integer.parseInt(t.substring(x + 1)));
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    /** Parses a comma-separated list, e.g. "500x64,2000x16"; a point listed twice is an error. */
    public static List<DataPoint> parseList(String csv) {
        List<DataPoint> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) continue;
            DataPoint p = parse(part);
            if (out.contains(p)) throw new IllegalArgumentException("data point '" + part.trim() + "' is listed twice");
            out.add(p);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no data point given (expected e.g. 500x64,2000x16)");
        return out;
    }

    /** This data point as a synthetic source with {@code base}'s image size, seed, offset and difficulty. */
    public String source(SyntheticSpec base) {
        return new SyntheticSpec(identities, imagesPerIdentity, base.size(), base.seed(), base.offset(), base.difficulty())
                .toSpecString();
    }

    /** Total training images ({@code identities * imagesPerIdentity}). */
    public long images() {
        return (long) identities * imagesPerIdentity;
    }

    @Override
    public String toString() {
        return identities + "x" + imagesPerIdentity;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("data point '" + text.trim() + "': expected IDENTITIESxIMAGES, e.g. 2000x16");
    }
}
