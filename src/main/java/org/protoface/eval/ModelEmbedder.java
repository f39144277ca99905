package org.protoface.eval;

import org.protoface.data.FaceDataset;
import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.FaceEmbeddings;

/**
 * Embeds dataset images with an {@link EmbeddingModel} (a trained encoder, or an imported model)
 * in inference mode, with the optional flip test of {@link FaceEmbeddings}.
 */
public final class ModelEmbedder implements Embedder {
    private final EmbeddingModel model;
    private final FaceDataset data;
    private final boolean flipTest;

    /** @throws IllegalArgumentException if the dataset's image size is not the model's input size */
    public ModelEmbedder(EmbeddingModel model, FaceDataset data, boolean flipTest) {
        if (data.imageSize() != model.input().size()) {
            throw new IllegalArgumentException("evaluation images are " + data.imageSize() + " px but the model expects "
                    + model.input().size() + " px");
        }
        this.model = model;
        this.data = data;
        this.flipTest = flipTest;
    }

    /** All requested images in one forward pass (the evaluator already chunks its requests). */
    @Override
    public float[][] embed(int[] identities, int[] indices) {
        int n = identities.length;
        return FaceEmbeddings.embed(model, DatasetPixels.load(data, identities, indices), n, flipTest, Math.max(1, n));
    }
}
