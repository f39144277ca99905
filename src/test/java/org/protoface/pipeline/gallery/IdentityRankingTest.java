package org.protoface.pipeline.gallery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityRankingTest {
    @Test
    void eachIdentityScoresItsBestFaceWhateverTheOrder() {
        List<FaceHit> hits = List.of(new FaceHit("a", "a1", 0.2), new FaceHit("b", "b1", 0.5), new FaceHit("a", "a2", 0.9), new FaceHit("c", "c1", 0.1),
                new FaceHit("b", "b2", 0.4));
        List<IdentityMatch> top = IdentityRanking.rank(hits, 2);
        assertThat(top).containsExactly(new IdentityMatch("a", 0.9, "a2"), new IdentityMatch("b", 0.5, "b1"));
    }

    @Test
    void unknownBelowTheThreshold() {
        assertThat(new Identification(List.of(new IdentityMatch("a", 0.34, "x")), 0.35).decision()).isEqualTo(Identification.UNKNOWN);
        assertThat(new Identification(List.of(new IdentityMatch("a", 0.35, "x")), 0.35).decision()).isEqualTo("a");
        assertThat(new Identification(List.of(), 0.35).decision()).isEqualTo(Identification.UNKNOWN);
    }
}
