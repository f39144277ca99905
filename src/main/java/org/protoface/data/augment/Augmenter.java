package org.protoface.data.augment;

import org.protoface.data.augment.AugmentConfig;
import org.protoface.data.ImageOps;

import java.util.SplittableRandom;

/**
 * Applies the configured augmentations to one normalised CHW image, in this order: horizontal
 * flip, resize down and back, Gaussian blur, colour jitter, grayscale (photometric changes come
 * after the geometric ones; grayscale last so a later saturation change cannot re-colour it).
 *
 * <p>Determinism: all randomness of a sample comes from its {@code sampleSeed} (the loader uses
 * mix(seed, step, sample index)). The flip decision is the first draw of that stream, as it was
 * before the other augmentations existed; each further augmentation draws from its own stream
 * split off in a fixed order, so enabling one augmentation does not change the draws of another.
 *
 * <p>Immutable and thread-safe; each worker thread brings its own {@link Workspace}.
 */
public final class Augmenter {
    private final AugmentConfig cfg;

    /** @param cfg which augmentations are applied and with what probability / strength */
    public Augmenter(AugmentConfig cfg) {
        this.cfg = cfg;
    }

    /** The augmentation settings this augmenter applies. */
    public AugmentConfig config() {
        return cfg;
    }

    /** Scratch buffers for one worker thread, reused for every image of side {@code s}. */
    public final class Workspace {
        private final int side;
        private final float[] first;
        private final float[] second;
        private final float[] kernel;

        private Workspace(int side) {
            this.side = side;
            this.first = new float[side * side];
            this.second = new float[side * side];
            this.kernel = new float[2 * GaussianBlur.radius(Math.max(cfg.blurSigmaMax(), 0)) + 1];
        }
    }

    /** New scratch buffers for images of side {@code side} pixels; one per worker thread (not thread-safe). */
    public Workspace workspace(int side) {
        return new Workspace(side);
    }

    /** Augments the 3 x s x s image at {@code offset} in place; {@code s} must be the workspace's side. */
    public void apply(float[] images, int offset, long sampleSeed, Workspace ws) {
        if (!cfg.anyEnabled()) return;
        int s = ws.side;
        SplittableRandom rng = new SplittableRandom(sampleSeed);
        if (rng.nextDouble() < cfg.flip()) ImageOps.flipHorizontal(images, offset, s);

        SplittableRandom resize = rng.split();
        if (resize.nextDouble() < cfg.resize()) {
            double scale = uniform(resize, cfg.resizeMinScale(), 1);
            LowResolution.apply(images, offset, s, LowResolution.smallSide(s, scale), ws.first, ws.second);
        }
        SplittableRandom blur = rng.split();
        if (blur.nextDouble() < cfg.blur()) {
            GaussianBlur.apply(images, offset, s, uniform(blur, cfg.blurSigmaMin(), cfg.blurSigmaMax()), ws.kernel, ws.first);
        }
        SplittableRandom jitter = rng.split();
        if (jitter.nextDouble() < cfg.jitter()) {
            ColourOps.jitter(images, offset, s, factor(jitter, cfg.jitterBrightness()), factor(jitter, cfg.jitterContrast()),
                    factor(jitter, cfg.jitterSaturation()));
        }
        SplittableRandom gray = rng.split();
        if (gray.nextDouble() < cfg.grayscale()) ColourOps.grayscale(images, offset, s);
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** A factor uniform in [1 - strength, 1 + strength]. */
    private static float factor(SplittableRandom r, double strength) {
        return (float) (1 + strength * (2 * r.nextDouble() - 1));
    }
}
