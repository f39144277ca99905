package org.protoface.head;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.Tensors;

import java.util.Arrays;

/** Input checks a scorer runs before indexing with labels, so a bad label fails by name. */
public final class LabelCheck {
    private LabelCheck() {}

    /**
     * Checks a head's inputs before any work: {@code embeddings} is {@code [B, embeddingSize]}, {@code labels} is an
     * int64 vector {@code [B]} with values in {@code [0, numClasses)}.
     *
     * @param owner names the head in the error message
     * @throws IllegalArgumentException naming {@code owner}, the expected and the actual shape, dtype or label range
     */
    public static void require(Tensor embeddings, Tensor labels, long embeddingSize, long numClasses, String owner) {
        long[] e = Tensors.shape(embeddings);
        if (e.length != 2 || e[1] != embeddingSize) {
            throw new IllegalArgumentException(owner + ": embeddings must be B x " + embeddingSize + ", got "
                    + Arrays.toString(e));
        }
        long[] l = Tensors.shape(labels);
        if (l.length != 1 || l[0] != e[0]) {
            throw new IllegalArgumentException(owner + ": labels must be a vector of " + e[0] + " values, got shape "
                    + Arrays.toString(l));
        }
        // JavaCPP returns enum values that are not the canonical constants: compare the numeric code.
        if (labels.scalar_type().value != torch.ScalarType.Long.value) {
            throw new IllegalArgumentException(owner + ": labels must be int64, got " + labels.scalar_type());
        }
        if (l[0] == 0) return;
        long min = labels.amin().item_long();
        long max = labels.amax().item_long();
        if (min < 0 || max >= numClasses) {
            throw new IllegalArgumentException(owner + ": labels must be in [0, " + numClasses + "), got range ["
                    + min + ", " + max + "]");
        }
    }
}
