package org.protoface.pipeline.detect.cascade;

import org.protoface.pipeline.detect.FaceBox;
import org.protoface.pipeline.detect.Point2;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EyeLocatorTest {
    private static final FaceBox FACE = new FaceBox(100, 100, 100, 100);

    private static EyeLocator.Candidate eye(double cx, double cy, double side, int neighbours) {
        return new EyeLocator.Candidate(new FaceBox(cx - side / 2, cy - side / 2, side, side), neighbours);
    }

    @Test
    void leftEyeIsTheOneWithSmallerXWhateverTheCandidateOrder() {
        List<Point2> eyes = EyeLocator.choose(FACE, List.of(eye(170, 130, 20, 3), eye(130, 132, 20, 3))).orElseThrow();
        assertThat(eyes.get(0)).isEqualTo(new Point2(130, 132));
        assertThat(eyes.get(1)).isEqualTo(new Point2(170, 130));
    }

    @Test
    void bestSupportedCandidatePerSideWins() {
        List<Point2> eyes = EyeLocator.choose(FACE,
                List.of(eye(125, 130, 20, 2), eye(132, 128, 20, 9), eye(170, 130, 20, 5), eye(175, 135, 18, 1))).orElseThrow();
        assertThat(eyes).containsExactly(new Point2(132, 128), new Point2(170, 130));
    }

    @Test
    void refusesImplausibleCandidates() {
        // only one side
        assertThat(EyeLocator.choose(FACE, List.of(eye(130, 130, 20, 5), eye(140, 130, 20, 5)))).isEmpty();
        // a "pair" in the lower face (nostrils, mouth corners)
        assertThat(EyeLocator.choose(FACE, List.of(eye(130, 180, 20, 5), eye(170, 180, 20, 5)))).isEmpty();
        // too close together
        assertThat(EyeLocator.choose(FACE, List.of(eye(145, 130, 12, 5), eye(155, 130, 12, 5)))).isEmpty();
        // far too large for an eye of this face
        assertThat(EyeLocator.choose(FACE, List.of(eye(125, 130, 60, 5), eye(175, 130, 60, 5)))).isEmpty();
    }
}
