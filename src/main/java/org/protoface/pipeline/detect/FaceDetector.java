package org.protoface.pipeline.detect;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds faces in a photograph. Implementations: OpenCV's bundled cascades (the default, nothing
 * downloaded) and SCRFD-style ONNX detectors.
 */
public interface FaceDetector extends AutoCloseable {
    /**
     * @param image an RGB photograph at its own resolution
     * @return the faces found, best score first, after non-maximum suppression; empty when none
     */
    List<DetectedFace> detect(BufferedImage image);

    /** One line for logs, e.g. "opencv lbp frontalface_improved, min face 40 px". */
    String describe();

    /** Releases native resources; the default does nothing. */
    @Override
    default void close() {}
}
