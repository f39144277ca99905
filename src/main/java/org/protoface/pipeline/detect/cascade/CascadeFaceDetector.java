package org.protoface.pipeline.detect.cascade;

import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.detect.NonMaximumSuppression;
import org.protoface.pipeline.detect.Point2;

import org.bytedeco.javacpp.IntPointer;
import org.protoface.torch.TensorScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

/**
 * Face detection with OpenCV's bundled cascade classifiers (Viola and Jones, CVPR 2001; LBP
 * features after Liao et al., ICB 2007), run on the histogram-equalised grey image. The score of
 * a face is the number of raw sliding-window detections OpenCV merged into it (its "neighbours"),
 * so more overlapping hits mean a more certain face. Eye centres come from OpenCV's Haar eye
 * cascade run inside the upper part of each face box ({@link EyeLocator}); a face whose eyes are
 * not both found has no landmarks.
 *
 * <p>Not thread-safe (OpenCV's classifiers keep per-call state): one detector per thread.
 */
public final class CascadeFaceDetector implements FaceDetector {
    /** Step between the pyramid's scales (OpenCV's usual 1.1). */
    static final double SCALE_STEP = 1.1;

    private final CascadeClassifier faces;
    private final CascadeClassifier eyes;
    private final String cascadeName;
    private final CascadeOptions options;

    /**
     * @param faceCascade a face cascade under opencv's {@code share/opencv4/} ({@link CascadeFiles})
     * @throws IllegalArgumentException if OpenCV cannot read a cascade
     */
    public CascadeFaceDetector(String faceCascade, CascadeOptions options) {
        this.cascadeName = faceCascade;
        this.options = options;
        this.faces = load(CascadeFiles.extract(faceCascade));
        this.eyes = load(CascadeFiles.extract(CascadeFiles.HAAR_EYE));
    }

    private static CascadeClassifier load(File file) {
        CascadeClassifier c = new CascadeClassifier(file.getAbsolutePath());
        if (c.empty()) throw new IllegalArgumentException("OpenCV could not read the cascade " + file);
        return c;
    }

    @Override
    public List<DetectedFace> detect(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        List<DetectedFace> found = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            Mat grey = new Mat(h, w, CV_8UC1);
            grey.data().put(GreyImage.luma(image));
            equalizeHist(grey, grey);
            RectVector boxes = new RectVector();
            IntPointer neighbours = new IntPointer();
            // minNeighbors 1: OpenCV keeps every merged cluster of 2+ hits; the score threshold decides
            faces.detectMultiScale2(grey, boxes, neighbours, SCALE_STEP, 1, 0, new Size(options.minFace(), options.minFace()), new Size());
            for (int i = 0; i < boxes.size(); i++) {
                int score = neighbours.get(i);
                if (score < options.scoreThreshold()) continue;
                Rect r = boxes.get(i);
                FaceBox box = new FaceBox(r.x(), r.y(), r.width(), r.height());
                List<Point2> eyePoints = findEyes(grey, box, w, h);
                found.add(new DetectedFace(box, score, eyePoints));
            }
        }
        return NonMaximumSuppression.apply(found, options.nmsIou());
    }

    private List<Point2> findEyes(Mat grey, FaceBox face, int w, int h) {
        int x0 = (int) face.x(), y0 = (int) face.y();
        int rw = Math.min(w - x0, (int) face.width());
        int rh = Math.min(h - y0, (int) Math.ceil(face.height() * EyeLocator.UPPER_SHARE));
        int minEye = Math.max(4, (int) (face.width() * EyeLocator.MIN_EYE));
        int maxEye = Math.max(minEye + 1, (int) (face.width() * EyeLocator.MAX_EYE));
        if (rw < minEye || rh < minEye) return List.of();
        Mat upper = new Mat(grey, new Rect(x0, y0, rw, rh));
        RectVector boxes = new RectVector();
        IntPointer neighbours = new IntPointer();
        eyes.detectMultiScale2(upper, boxes, neighbours, SCALE_STEP, 1, 0, new Size(minEye, minEye), new Size(maxEye, maxEye));
        List<EyeLocator.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            Rect r = boxes.get(i);
            candidates.add(new EyeLocator.Candidate(new FaceBox(x0 + r.x(), y0 + r.y(), r.width(), r.height()), neighbours.get(i)));
        }
        return EyeLocator.choose(face, candidates).orElse(List.of());
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "opencv cascade %s + %s, min face %d px, score >= %s, NMS IoU %.2f", cascadeName,
                CascadeFiles.HAAR_EYE, options.minFace(), options.scoreThreshold(), options.nmsIou());
    }

    @Override
    public void close() {
        faces.close();
        eyes.close();
    }
}
