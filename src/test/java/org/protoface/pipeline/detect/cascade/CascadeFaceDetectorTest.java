package org.protoface.pipeline.detect.cascade;

import org.protoface.pipeline.detect.DetectedFace;
import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.FaceDetector;
import org.protoface.pipeline.detect.Point2;
import org.protoface.pipeline.detect.registry.Detectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.protoface.pipeline.TestPhotos;
import org.protoface.pipeline.detect.scrfd.ScrfdOptions;
import org.protoface.torch.Torch;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled LBP cascade on real photographs: one face per portrait, eyes on the right sides, nothing in the coffee photo. */
class CascadeFaceDetectorTest {
    private static FaceDetector detector;

    @BeforeAll
    static void open() throws Exception {
        Torch.init(); // libtorch first, as the commands do: both load through JavaCPP
        detector = Detectors.open("lbp", CascadeOptions.DEFAULTS, ScrfdOptions.defaults());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {TestPhotos.GRACE_HOPPER, TestPhotos.ASTRONAUT})
    void findsTheOneFaceOfEachPortraitWithBothEyes(String photo) {
        List<DetectedFace> faces = detector.detect(TestPhotos.load(photo));

        assertThat(faces).hasSize(1);
        DetectedFace face = faces.get(0);
        assertThat(face.landmarks()).hasSize(2);
        Point2 left = face.landmarks().get(0), right = face.landmarks().get(1);
        assertThat(face.box().contains(left)).as("left eye %s inside %s", left, face.box()).isTrue();
        assertThat(face.box().contains(right)).as("right eye %s inside %s", right, face.box()).isTrue();
        assertThat(left.x()).isLessThan(right.x());
        // both eyes in the upper half of the face, at about the same height (near-frontal portraits)
        assertThat(Math.max(left.y(), right.y())).isLessThan(face.box().y() + face.box().height() / 2);
        assertThat(Math.abs(left.y() - right.y())).isLessThan(0.1 * face.box().height());
        assertThat(right.x() - left.x()).isGreaterThan(0.3 * face.box().width());
    }

    @Test
    void knownFacePositions() {
        // hand-checked on the photographs: Grace Hopper's face is centred near (262, 215), the astronaut's near (225, 122)
        FaceBox hopper = detector.detect(TestPhotos.load(TestPhotos.GRACE_HOPPER)).get(0).box();
        FaceBox astronaut = detector.detect(TestPhotos.load(TestPhotos.ASTRONAUT)).get(0).box();
        assertThat(hopper.contains(new Point2(262, 215))).isTrue();
        assertThat(astronaut.contains(new Point2(225, 122))).isTrue();
    }

    @Test
    void findsNoFaceInTheCoffeePhoto() {
        assertThat(detector.detect(TestPhotos.load(TestPhotos.COFFEE))).isEmpty();
    }

    @Test
    void minimumFaceSizeIsHonoured() throws Exception {
        // Grace Hopper's face box is about 155 px: asking for faces of at least 300 px finds none
        try (FaceDetector big = Detectors.open("lbp", new CascadeOptions(300, 4, 0.3), ScrfdOptions.defaults())) {
            assertThat(big.detect(TestPhotos.load(TestPhotos.GRACE_HOPPER))).isEmpty();
        }
    }

    @Test
    void scoreThresholdIsHonoured() throws Exception {
        double score = detector.detect(TestPhotos.load(TestPhotos.GRACE_HOPPER)).get(0).score();
        try (FaceDetector strict = Detectors.open("lbp", new CascadeOptions(32, score + 1, 0.3), ScrfdOptions.defaults())) {
            assertThat(strict.detect(TestPhotos.load(TestPhotos.GRACE_HOPPER))).isEmpty();
        }
    }

    @Test
    void unknownDetectorNameIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Detectors.open("yolo", CascadeOptions.DEFAULTS, ScrfdOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--detector yolo").hasMessageContaining("lbp")
                .hasMessageContaining("FILE.onnx");
    }
}
