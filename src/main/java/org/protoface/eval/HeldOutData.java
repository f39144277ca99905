package org.protoface.eval;

import org.protoface.data.source.DataSources;
import org.protoface.data.FaceDataset;
import org.protoface.data.synthetic.SyntheticSpec;

import java.util.Optional;


/**
 * Chooses the evaluation dataset. With {@code eval.data: auto} and synthetic training data, the
 * held-out identities come from the same renderer and seed but from identity numbers 2^30 and up,
 * which training (identities below 2^30) never sees. Stored images are decoded at the encoder's
 * input size unless the source names a size.
 */
public final class HeldOutData {
    public static final long SYNTHETIC_HELD_OUT_OFFSET = 1L << 30;

    private HeldOutData() {}

    /**
     * The held-out data a finished training is evaluated on, or why there is none.
     *
     * @param data       the held-out dataset, empty when there is none
     * @param skipReason when empty: one line saying why and how to get an evaluation
     */
    public record Choice(Optional<FaceDataset> data, String skipReason) {}

    /**
     * The held-out data for the final evaluation of a training run. Training on one's own data
     * with {@code eval.data: auto} has none (ProtoFace does not take identities away from the
     * training set unasked): the choice is empty with a reason, and the run still succeeds.
     *
     * @param inputSize the encoder's input size: stored images are decoded at it
     */
    public static Choice forTraining(EvalConfig eval, String trainingData, int inputSize) {
        if ("auto".equals(eval.data()) && !trainingData.startsWith(SyntheticSpec.PREFIX)) {
            return new Choice(Optional.empty(), "no held-out evaluation (eval.data is 'auto' and '" + trainingData
                    + "' is not synthetic): evaluate with --val lfw.bin, --set eval.data=folder:HELD_OUT_DIR, "
                    + "or protoface eval --model <out>/model --data SOURCE");
        }
        return new Choice(Optional.of(open(eval, trainingData, inputSize)), null);
    }

    /** As {@link #open(EvalConfig, String, int)} at the default decode size (112). */
    public static FaceDataset open(EvalConfig eval, String trainingData) {
        return open(eval, trainingData, DataSources.DEFAULT_SIZE);
    }

    /**
     * The held-out dataset {@code eval.data} names, or for {@code auto} the synthetic identities
     * disjoint from the training ones.
     *
     * @throws IllegalArgumentException for {@code auto} with training data that is not synthetic
     */
    public static FaceDataset open(EvalConfig eval, String trainingData, int inputSize) {
        return DataSources.open(spec(eval, trainingData, inputSize), inputSize);
    }

    static String spec(EvalConfig eval, String trainingData) {
        return spec(eval, trainingData, DataSources.DEFAULT_SIZE);
    }

    static String spec(EvalConfig eval, String trainingData, int inputSize) {
        if (!"auto".equals(eval.data())) return eval.data();
        if (!trainingData.startsWith(SyntheticSpec.PREFIX)) {
            throw new IllegalArgumentException("eval.data is 'auto', which only works for synthetic training data; "
                    + "set eval.data to a held-out source (e.g. folder:PATH or rec:PATH) for '" + trainingData + "'");
        }
        // a synthetic source without size= is rendered at the encoder's size (DataSources), and so is its held-out set
        boolean sized = trainingData.matches(".*[:,]\\s*size=.*");
        SyntheticSpec train = SyntheticSpec.parse(sized ? trainingData : trainingData + (trainingData.endsWith(":") ? "" : ",")
                + "size=" + inputSize);
        if (train.offset() + train.identities() > SYNTHETIC_HELD_OUT_OFFSET) {
            throw new IllegalArgumentException("training identities " + train.offset() + ".." + (train.offset() + train.identities() - 1)
                    + " reach into the held-out range from 2^30; use eval.data to name another held-out source");
        }
        return new SyntheticSpec(eval.identities(), eval.imagesPerIdentity(), train.size(), train.seed(),
                SYNTHETIC_HELD_OUT_OFFSET, train.difficulty()).toSpecString();
    }
}
