package org.protoface.data.io;

import org.bytedeco.javacpp.BytePointer;
import org.protoface.torch.TensorScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The one place that calls OpenCV (through the JavaCPP presets): {@code cv::imdecode} and
 * {@code cv::resize}. Every native object of a call lives in a {@link TensorScope} closed before
 * the call returns, so decoding millions of images leaves native memory flat.
 */
final class OpenCvCodec {
    static {
        // the loader runs its own worker per core: OpenCV's internal threads would only compete
        opencv_core.setNumThreads(1);
    }

    private OpenCvCodec() {}

    /**
     * Decodes {@code encoded} to 8-bit interleaved B, G, R at {@code side} x {@code side}: the
     * decoded image as {@code cv::imdecode(buf, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION)} gives it
     * (alpha dropped, grey replicated, palettes expanded, 16-bit samples reduced to their high byte,
     * CMYK/YCCK converted, EXIF orientation not applied), then resized when its size differs: area
     * averaging when shrinking, bilinear when enlarging.
     *
     * @return h x w x 3 bytes (B, G, R per pixel), or null when OpenCV cannot decode the data
     */
    static byte[] decodeBgr(byte[] encoded, int side) {
        try (TensorScope scope = TensorScope.open()) {
            BytePointer data = new BytePointer(encoded);
            Mat buffer = new Mat(1, encoded.length, opencv_core.CV_8UC1, data);
            Mat image = opencv_imgcodecs.imdecode(buffer, opencv_imgcodecs.IMREAD_COLOR | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION);
            if (image.empty() || image.type() != opencv_core.CV_8UC3) return null;
            if (image.cols() != side || image.rows() != side) {
                Mat resized = new Mat();
                boolean shrink = image.cols() >= side && image.rows() >= side;
                opencv_imgproc.resize(image, resized, new Size(side, side), 0, 0,
                        shrink ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
                image = resized;
            }
            if (!image.isContinuous()) image = image.clone();
            byte[] out = new byte[side * side * 3];
            image.data().get(out);
            return out;
        }
    }

    /**
     * Decodes as {@link #decodeBgr} does but keeps the stored size.
     *
     * @param sizeOut receives {width, height}
     * @return h x w x 3 bytes (B, G, R per pixel), or null when OpenCV cannot decode the data
     */
    static byte[] decodeBgrAsStored(byte[] encoded, int[] sizeOut) {
        try (TensorScope scope = TensorScope.open()) {
            BytePointer data = new BytePointer(encoded);
            Mat buffer = new Mat(1, encoded.length, opencv_core.CV_8UC1, data);
            Mat image = opencv_imgcodecs.imdecode(buffer, opencv_imgcodecs.IMREAD_COLOR | opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION);
            if (image.empty() || image.type() != opencv_core.CV_8UC3) return null;
            if (!image.isContinuous()) image = image.clone();
            sizeOut[0] = image.cols();
            sizeOut[1] = image.rows();
            byte[] out = new byte[image.cols() * image.rows() * 3];
            image.data().get(out);
            return out;
        }
    }
}
