package org.protoface.eval;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.protoface.data.FaceDataset;
import org.protoface.encoder.Encoder;
import org.protoface.torch.Tensors;


/**
 * Embeds dataset images with a trained encoder in inference mode. With the flip test, the
 * embedding of an image and of its mirror are added before normalising (common practice on LFW).
 */
public final class EncoderEmbedder implements Embedder {
    private final Encoder encoder;
    private final FaceDataset data;
    private final boolean flipTest;

    public EncoderEmbedder(Encoder encoder, FaceDataset data, boolean flipTest) {
        if (data.imageSize() != encoder.spec().inputSize()) {
            throw new IllegalArgumentException("evaluation images are " + data.imageSize() + " px but the encoder expects "
                    + encoder.spec().inputSize() + " px");
        }
        this.encoder = encoder;
        this.data = data;
        this.flipTest = flipTest;
    }

    @Override
    public float[][] embed(int[] identities, int[] indices) {
        return embedPixels(encoder, DatasetPixels.load(data, identities, indices), identities.length, flipTest);
    }

    /**
     * Embeds {@code n} images given as normalised CHW floats (n x 3 x S x S, S the encoder's input
     * size) in inference mode; the encoder's training flag is restored afterwards.
     *
     * @return one L2-normalised embedding per image
     */
    public static float[][] embedPixels(Encoder encoder, float[] pixels, int n, boolean flipTest) {
        int s = encoder.spec().inputSize();
        if (pixels.length != n * 3 * s * s) {
            throw new IllegalArgumentException(pixels.length + " pixel values for " + n + " images of 3 x " + s + " x " + s);
        }
        boolean wasTraining = encoder.is_training();
        encoder.train(false);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor x = Tensors.of(pixels, n, 3, s, s);
            Tensor e = encoder.forward(x);
            if (flipTest) e = e.add(encoder.forward(torch.flip(x, 3)));
            float[] flat = Tensors.floats(Tensors.l2normalize(e));
            int d = flat.length / n;
            float[][] out = new float[n][d];
            for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
            return out;
        } finally {
            encoder.train(wasTraining);
        }
    }
}
