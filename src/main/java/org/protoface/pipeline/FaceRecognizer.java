package org.protoface.pipeline;

import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.FaceEmbeddings;
import org.protoface.pipeline.align.AlignmentTemplate;
import org.protoface.pipeline.align.FaceAligner;
import org.protoface.pipeline.align.SimilarityTransform;
import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.align.BilinearWarp;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The recognition pipeline: photograph -> faces ({@link FaceDetector}) -> aligned crops at the
 * model's input size ({@link FaceAligner}, ArcFace template) -> unit embeddings
 * ({@link FaceEmbeddings}, optionally with the flip test). Crops that are already aligned skip
 * the first two steps ({@link #embedAligned}).
 *
 * <p>Not thread-safe (detectors and models are not).
 */
public final class FaceRecognizer {
    private final FaceDetector detector;
    private final EmbeddingModel model;
    private final FaceAligner aligner;
    private final boolean flipTest;

    /**
     * @param detector finds faces; may be null when only {@link #embedAligned} and
     *                 {@link #embedFace} are used
     * @param flipTest add the embedding of the mirrored crop before normalising
     */
    public FaceRecognizer(FaceDetector detector, EmbeddingModel model, boolean flipTest) {
        this.detector = detector;
        this.model = model;
        this.aligner = new FaceAligner(AlignmentTemplate.arcface(model.input().size()));
        this.flipTest = flipTest;
    }

    /** The embedding model crops are fed to. */
    public EmbeddingModel model() {
        return model;
    }

    /** The aligner onto the ArcFace five-point template at the model's input size. */
    public FaceAligner aligner() {
        return aligner;
    }

    /** Detects, aligns and embeds every face in the photograph; best detector score first. */
    public List<RecognizedFace> recognize(BufferedImage photo) {
        if (detector == null) throw new IllegalStateException("this recognizer has no detector; use embedAligned");
        List<DetectedFace> faces = detector.detect(photo);
        return embedFaces(photo, faces);
    }

    /** Aligns and embeds faces whose boxes and landmarks are already known. */
    public List<RecognizedFace> embedFaces(BufferedImage photo, List<DetectedFace> faces) {
        if (faces.isEmpty()) return List.of();
        int s = aligner.size(), per = 3 * s * s;
        float[] crops = new float[faces.size() * per];
        for (int i = 0; i < faces.size(); i++) System.arraycopy(aligner.alignedChw(photo, faces.get(i)), 0, crops, i * per, per);
        float[][] e = FaceEmbeddings.embed(model, crops, faces.size(), flipTest, FaceEmbeddings.DEFAULT_BATCH);
        List<RecognizedFace> out = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) out.add(new RecognizedFace(faces.get(i), e[i]));
        return out;
    }

    /** Embeds one face with known landmarks. */
    public RecognizedFace embedFace(BufferedImage photo, DetectedFace face) {
        return embedFaces(photo, List.of(face)).get(0);
    }

    /**
     * Embeds an image that is already an aligned face crop: it is only resized (area-averaged
     * when shrinking) to the model's input size. The face's box is the whole image.
     */
    public RecognizedFace embedAligned(BufferedImage crop) {
        int s = aligner.size();
        double k = s / (double) crop.getWidth(), ky = s / (double) crop.getHeight();
        if (Math.abs(k - ky) > 1e-9) {
            throw new IllegalArgumentException("an aligned crop must be square, got " + crop.getWidth() + " x " + crop.getHeight());
        }
        // pixel centres: crop pixel c maps to (c + 0.5) k - 0.5 in the model's crop
        SimilarityTransform resize = new SimilarityTransform(k, 0, 0.5 * k - 0.5, 0.5 * k - 0.5);
        float[] chw = BilinearWarp.toStandardChw(crop, resize, s);
        float[][] e = FaceEmbeddings.embed(model, chw, 1, flipTest, 1);
        DetectedFace whole = new DetectedFace(new FaceBox(0, 0, crop.getWidth(), crop.getHeight()), 1, List.of());
        return new RecognizedFace(whole, e[0]);
    }
}
