package org.protoface.head;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.head.AgeHistogram;
import org.protoface.head.sampled.PartialFcConfig;
import org.protoface.head.sampled.PartialFcScorer;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AgeHistogramTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void bucketsArePowersOfTwo() {
        for (long age = 0; age < 70_000; age++) {
            // independent: the bucket is the number of binary digits of the age, capped at 15
            int digits = 0;
            for (long a = age; a > 0; a /= 2) digits++;
            int k = AgeHistogram.bucketOf(age);
            assertThat(k).as("age %d", age).isEqualTo(Math.min(digits, 15));
            assertThat(age).isBetween(AgeHistogram.lowerBound(k), AgeHistogram.upperBound(k));
        }
    }

    @Test
    void fractionsCountEachAgeOnce() {
        Map<String, Double> out = new LinkedHashMap<>();
        AgeHistogram.put(new long[] {0, 1, 2, 3, 3, 100, 20000, 5}, out);
        assertThat(out).hasSize(16);
        assertThat(out.get("neg_age_hist_0")).isEqualTo(1 / 8.0);
        assertThat(out.get("neg_age_hist_1")).isEqualTo(1 / 8.0);
        assertThat(out.get("neg_age_hist_2")).isEqualTo(3 / 8.0);  // 2, 3, 3
        assertThat(out.get("neg_age_hist_3")).isEqualTo(1 / 8.0);  // 5
        assertThat(out.get("neg_age_hist_7")).isEqualTo(1 / 8.0);  // 100 in [64, 127]
        assertThat(out.get("neg_age_hist_15")).isEqualTo(1 / 8.0); // 20000
        Map<String, Double> none = new LinkedHashMap<>();
        AgeHistogram.put(new long[0], none);
        AgeHistogram.put(new long[] {3, -2}, none);
        assertThat(none).isEmpty();
    }

    @Test
    void partialFcTelemetryCarriesTheHistogram() {
        Torch.manualSeed(1);
        PartialFcScorer scorer = new PartialFcScorer(100, 8, PartialFcConfig.defaults().withSampleRate(0.5));
        Tensor x = Tensors.randn(8, 8);
        long[] labels = {1, 1, 2, 2, 3, 3, 4, 4};
        // at step 7 no centre was ever updated: every negative is 7 steps old (bucket 3 = ages 4..7)
        scorer.score(x, Tensors.ofLongs(labels, 8), 7);
        Map<String, Double> t = scorer.telemetry();
        double sum = 0;
        for (int k = 0; k < 16; k++) sum += t.get("neg_age_hist_" + k);
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        assertThat(t.get("neg_age_hist_3")).isEqualTo(1.0);
    }
}
