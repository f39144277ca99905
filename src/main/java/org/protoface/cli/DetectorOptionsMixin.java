package org.protoface.cli;

import org.protoface.pipeline.detect.DetectorOptions;
import org.protoface.pipeline.detect.Detectors;
import org.protoface.pipeline.detect.FaceDetector;
import picocli.CommandLine.Option;

/** The face detector options shared by the pipeline commands. */
final class DetectorOptionsMixin {
    @Option(names = "--detector", paramLabel = "NAME", defaultValue = Detectors.DEFAULT,
            description = "Face detector: lbp (OpenCV's LBP frontal cascade, default) or haar (OpenCV's Haar cascade); both bundled.")
    String detector;

    @Option(names = "--min-face", paramLabel = "PX", defaultValue = "32", description = "Smallest face side searched for, in pixels (default: ${DEFAULT-VALUE}).")
    int minFace;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "4",
            description = "Drop faces scoring below S (cascades: raw detections merged into the face; default: ${DEFAULT-VALUE}).")
    double minScore;

    @Option(names = "--nms-iou", paramLabel = "IOU", defaultValue = "0.3",
            description = "Drop a face overlapping a better one by more than this IoU (default: ${DEFAULT-VALUE}).")
    double nmsIou;

    FaceDetector open() {
        return Detectors.open(detector, new DetectorOptions(minFace, minScore, nmsIou));
    }
}
