package org.protoface.data.augment;

import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.data.augment.AugmentConfig;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmenterTest {
    private static final int S = 24;

    /** Every augmentation on with the given probability and non-trivial strengths. */
    private static AugmentConfig all(double p) {
        return new AugmentConfig(p, p, 0.4, p, 0.6, 1.4, p, p, 0.3, 0.3, 0.3);
    }

    /** A random image with values in [-1, 1], offset inside a larger array like a batch slot. */
    private static float[] image(long seed, int offset) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[offset + 3 * S * S + 5];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble(-1, 1);
        return a;
    }

    private static float[] augmented(AugmentConfig cfg, long sampleSeed) {
        Augmenter aug = new Augmenter(cfg);
        float[] a = image(99, 7);
        aug.apply(a, 7, sampleSeed, aug.workspace(S));
        return a;
    }

    @Test
    void sameSampleSeedGivesIdenticalPixelsEvenWithAFreshWorkspace() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(augmented(all(0.5), seed)).as("sample seed %d", seed).containsExactly(augmented(all(0.5), seed));
        }
    }

    @Test
    void differentSampleSeedsGiveDifferentPixels() {
        // with every augmentation applied the random strengths alone make images differ
        float[] first = augmented(all(1), 1);
        for (long seed = 2; seed < 10; seed++) assertThat(augmented(all(1), seed)).isNotEqualTo(first);
    }

    @Test
    void probabilityZeroLeavesTheImageUntouched() {
        AugmentConfig off = all(0);
        assertThat(off.anyEnabled()).isFalse();
        for (long seed = 0; seed < 20; seed++) assertThat(augmented(off, seed)).containsExactly(image(99, 7));
    }

    @Test
    void onlyTheTargetSlotIsWritten() {
        float[] a = augmented(all(1), 3);
        float[] original = image(99, 7);
        for (int i = 0; i < 7; i++) assertThat(a[i]).isEqualTo(original[i]);
        for (int i = 7 + 3 * S * S; i < a.length; i++) assertThat(a[i]).isEqualTo(original[i]);
    }

    @Test
    void flipDecisionMatchesTheFirstDrawOfTheSampleStream() {
        // the loader's flip-only behaviour from before the other augmentations existed
        int flipped = 0;
        for (long seed = 0; seed < 200; seed++) {
            boolean expectFlip = new SplittableRandom(seed).nextDouble() < 0.5;
            float[] a = augmented(AugmentConfig.flipOnly(0.5), seed);
            float[] o = image(99, 7);
            boolean mirrored = a[7] == o[7 + S - 1] && a[7 + S - 1] == o[7];
            assertThat(mirrored).as("seed %d", seed).isEqualTo(expectFlip);
            if (expectFlip) flipped++;
        }
        assertThat(flipped).isBetween(70, 130);
    }

    @Test
    void enablingOneAugmentationDoesNotChangeWhichImagesAnotherAffects() {
        AugmentConfig grayOnly = new AugmentConfig(0, 0, 1, 0, 1, 1, 0.5, 0, 0, 0, 0);
        AugmentConfig grayAndBlur = new AugmentConfig(0, 0, 1, 0.5, 0.6, 1.4, 0.5, 0, 0, 0, 0);
        for (long seed = 0; seed < 40; seed++) {
            assertThat(isGray(augmented(grayAndBlur, seed))).as("seed %d", seed).isEqualTo(isGray(augmented(grayOnly, seed)));
        }
    }

    private static boolean isGray(float[] a) {
        for (int i = 0; i < S * S; i++) if (a[7 + i] != a[7 + S * S + i]) return false;
        return true;
    }

    @Test
    void baseConfigHasEveryKeyWithOnlyFlipOn() {
        AugmentConfig base = Config.load("base", List.of()).get(AugmentConfig.SECTION);
        assertThat(base.flip()).isEqualTo(0.5);
        assertThat(List.of(base.resize(), base.blur(), base.grayscale(), base.jitter())).containsOnly(0.0);
        // strengths are set, so turning an augmentation on needs only its probability
        AugmentConfig on = base.alwaysApplied();
        assertThat(on.resizeMinScale()).isBetween(0.0, 1.0);
        assertThat(on.blurSigmaMin()).isPositive().isLessThanOrEqualTo(on.blurSigmaMax());
        assertThat(on.jitterBrightness()).isPositive();
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> new AugmentConfig(1.5, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0)).hasMessageContaining("augment.flip");
        assertThatThrownBy(() -> new AugmentConfig(0, 0.2, 0, 0, 1, 1, 0, 0, 0, 0, 0)).hasMessageContaining("resize_min_scale");
        assertThatThrownBy(() -> new AugmentConfig(0, 0, 1, 0.2, 2, 1, 0, 0, 0, 0, 0)).hasMessageContaining("blur_sigma_min");
        assertThatThrownBy(() -> new AugmentConfig(0, 0, 1, 0, 1, 1, 0, 0.2, 1.5, 0, 0)).hasMessageContaining("jitter_brightness");
    }

    @Test
    void allAugmentationsKeepValuesInTheNormalisedRange() {
        for (long seed = 0; seed < 10; seed++) {
            float[] a = augmented(all(1), seed);
            for (int i = 7; i < 7 + 3 * S * S; i++) assertThat((double) a[i]).isBetween(-1.0 - 1e-6, 1.0 + 1e-6);
        }
        assertThat(augmented(all(1), 0)).isNotEqualTo(image(99, 7));
    }
}
