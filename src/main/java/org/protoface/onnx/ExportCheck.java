package org.protoface.onnx;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.protoface.data.synthetic.SyntheticFaceRenderer;
import org.protoface.encoder.Encoder;
import org.protoface.torch.Tensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs an exported file in ONNX Runtime on synthetic faces and compares the embeddings with the
 * encoder's own libtorch forward pass in evaluation mode.
 */
public final class ExportCheck {
    /** The largest absolute embedding difference an fp32 export may show. */
    public static final double TOLERANCE = 1e-4;
    /** Faces the export command checks. */
    public static final int DEFAULT_IMAGES = 8;
    private static final long FACE_SEED = 20240;

    private ExportCheck() {}

    /**
     * @param images            faces compared
     * @param batch             faces per ONNX Runtime call
     * @param maxAbsDifference  largest |onnx - libtorch| over all embedding values (NaN if any is not finite)
     * @param maxAbsValue       largest |libtorch| embedding value, to put the difference in scale
     */
    public record Result(int images, int batch, double maxAbsDifference, double maxAbsValue) {
        /** Whether the largest absolute difference is at most {@code tolerance} (false when it is NaN). */
        public boolean passed(double tolerance) {
            return maxAbsDifference <= tolerance;
        }
    }

    /**
     * Compares {@code file} with {@code encoder} on {@code images} synthetic faces, fed to ONNX
     * Runtime {@code batch} at a time (a file with a fixed batch size gets exactly that many, the
     * last call padded with repeats of the first face).
     *
     * @param normalisedInGraph the file takes pixel values 0..255 instead of the standard layout
     * @throws IOException when ONNX Runtime cannot load the file
     */
    public static Result compare(Encoder encoder, Path file, boolean normalisedInGraph, int images, int batch, int threads)
            throws IOException {
        int s = encoder.spec().inputSize(), per = 3 * s * s;
        float[] standard = syntheticFaces(images, s);
        float[] expected = torchEmbeddings(encoder, standard, images);
        int d = expected.length / images;
        float[] actual = new float[expected.length];
        try (OnnxSession session = OnnxSession.open(file, threads)) {
            for (int from = 0; from < images; from += batch) {
                int m = Math.min(batch, images - from);
                float[] chunk = new float[batch * per];
                for (int i = 0; i < batch; i++) {
                    int src = from + (i < m ? i : 0);
                    for (int k = 0; k < per; k++) {
                        float v = standard[src * per + k];
                        chunk[i * per + k] = normalisedInGraph ? (float) (v * OnnxExporter.TRAINING_STD + OnnxExporter.TRAINING_MEAN) : v;
                    }
                }
                OnnxSession.Output out = session.run(chunk, batch, 3, s, s).get(OnnxExporter.OUTPUT);
                if (out == null || out.values().length != batch * d) {
                    throw new IllegalStateException(file + ": output '" + OnnxExporter.OUTPUT + "' has shape "
                            + (out == null ? "none" : Arrays.toString(out.shape())) + ", expected [" + batch + ", " + d + "]");
                }
                System.arraycopy(out.values(), 0, actual, from * d, m * d);
            }
        }
        double maxDiff = 0, maxValue = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) actual[i] - expected[i]);
            if (!Double.isFinite(diff)) {
                maxDiff = Double.NaN;
                break;
            }
            maxDiff = Math.max(maxDiff, diff);
            maxValue = Math.max(maxValue, Math.abs(expected[i]));
        }
        return new Result(images, batch, maxDiff, maxValue);
    }

    /** {@code n} rendered faces of different identities in the standard layout (n x 3 x size x size). */
    static float[] syntheticFaces(int n, int size) {
        SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(FACE_SEED, size, 1.0);
        float[] out = new float[n * 3 * size * size];
        for (int i = 0; i < n; i++) renderer.render(i, 0).writeNormalisedChw(out, i * 3 * size * size);
        return out;
    }

    /** The encoder's forward in evaluation mode, batch of all {@code n}; its training flag is restored. */
    private static float[] torchEmbeddings(Encoder encoder, float[] standard, int n) {
        int s = encoder.spec().inputSize();
        boolean wasTraining = encoder.is_training();
        encoder.train(false);
        try (TensorScope scope = TensorScope.open(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor e = encoder.forward(Tensors.of(standard, n, 3, s, s));
            return Tensors.floats(e);
        } finally {
            encoder.train(wasTraining);
        }
    }
}
