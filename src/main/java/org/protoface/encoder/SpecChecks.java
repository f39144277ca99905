package org.protoface.encoder;

import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Tensors;

import java.util.Arrays;

/** Validation shared by the encoders so that a bad config fails at construction with its field named. */
final class SpecChecks {
    /** Both encoders halve the resolution four times before the head. */
    static final int TOTAL_STRIDE = 16;

    private SpecChecks() {}

    static void requireValid(EncoderSpec spec) {
        if (spec == null) throw new IllegalArgumentException("encoder spec is missing");
        if (!(spec.width() > 0) || Double.isInfinite(spec.width())) {
            throw new IllegalArgumentException("encoder width must be a positive number, got " + spec.width());
        }
        if (spec.embeddingSize() <= 0) {
            throw new IllegalArgumentException("encoder embedding_size must be positive, got " + spec.embeddingSize());
        }
        if (!(spec.dropout() >= 0 && spec.dropout() < 1)) {
            throw new IllegalArgumentException("encoder dropout must be in [0, 1), got " + spec.dropout());
        }
        if (spec.inputSize() <= 0 || spec.inputSize() % TOTAL_STRIDE != 0) {
            throw new IllegalArgumentException("encoder input_size " + spec.inputSize() + " is not a positive multiple of "
                    + TOTAL_STRIDE + " (the network downsamples by " + TOTAL_STRIDE + "; e.g. 32, 48, 112)");
        }
    }

    /** Fails with the expected and actual shapes instead of a shape error deep inside a layer. */
    static void requireImages(Tensor images, EncoderSpec spec) {
        long[] shape = Tensors.shape(images);
        long s = spec.inputSize();
        if (shape.length != 4 || shape[1] != 3 || shape[2] != s || shape[3] != s) {
            throw new IllegalArgumentException("encoder expects images of shape [B, 3, " + s + ", " + s + "], got "
                    + Arrays.toString(shape));
        }
    }
}
