package org.protoface.eval;

import org.protoface.data.source.DataSources;
import org.protoface.data.FaceDataset;
import org.protoface.data.synthetic.SyntheticSpec;


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
        if (!trainingData.startsWith(SyntheticSpec.PREFIX)) {
            throw new IllegalArgumentException("eval.data is 'auto', which only works for synthetic training data; "
                    + "set eval.data to a held-out source (e.g. folder:PATH or rec:PATH) for '" + trainingData + "'");
        }
        SyntheticSpec train = SyntheticSpec.parse(trainingData);
        if (train.offset() + train.identities() > SYNTHETIC_HELD_OUT_OFFSET) {
            throw new IllegalArgumentException("training identities " + train.offset() + ".." + (train.offset() + train.identities() - 1)
                    + " reach into the held-out range from 2^30; use eval.data to name another held-out source");
        }
        return new SyntheticSpec(eval.identities(), eval.imagesPerIdentity(), train.size(), train.seed(),
                SYNTHETIC_HELD_OUT_OFFSET, train.difficulty()).toSpecString();
    }
}
