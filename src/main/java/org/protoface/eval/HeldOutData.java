package org.protoface.eval;

import org.protoface.data.DataSources;
import org.protoface.data.FaceDataset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses the evaluation dataset. With {@code eval.data: auto} and synthetic training data, the
 * held-out identities come from the same renderer and seed but from identity numbers 2^30 and up,
 * which training (identities below 2^30) never sees.
 */
public final class HeldOutData {
    public static final long SYNTHETIC_HELD_OUT_OFFSET = 1L << 30;

    private HeldOutData() {}

    public static FaceDataset open(EvalConfig eval, String trainingData) {
        return DataSources.open(spec(eval, trainingData));
    }

    static String spec(EvalConfig eval, String trainingData) {
        if (!"auto".equals(eval.data())) return eval.data();
        if (!trainingData.startsWith("synthetic:")) {
            throw new IllegalArgumentException("eval.data is 'auto', which only works for synthetic training data; "
                    + "set eval.data to a held-out source (e.g. folder:PATH or rec:PATH) for '" + trainingData + "'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String body = trainingData.substring("synthetic:".length());
        if (!body.isBlank()) {
            for (String kv : body.split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("bad synthetic data parameter '" + kv + "' in " + trainingData);
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        long trainOffset = Long.parseLong(params.getOrDefault("offset", "0"));
        if (trainOffset >= SYNTHETIC_HELD_OUT_OFFSET) {
            throw new IllegalArgumentException("training identities start at " + trainOffset + ", inside the held-out range from 2^30");
        }
        params.put("identities", Integer.toString(eval.identities()));
        params.put("images", Integer.toString(eval.imagesPerIdentity()));
        params.put("offset", Long.toString(SYNTHETIC_HELD_OUT_OFFSET));
        StringBuilder sb = new StringBuilder("synthetic:");
        params.forEach((k, v) -> sb.append(sb.length() > "synthetic:".length() ? "," : "").append(k).append('=').append(v));
        return sb.toString();
    }
}
