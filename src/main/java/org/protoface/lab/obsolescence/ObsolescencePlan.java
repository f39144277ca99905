package org.protoface.lab.obsolescence;

import org.protoface.lab.heads.HeadCase;

import org.protoface.config.Config;

import java.util.ArrayList;
import java.util.List;

/**
 * The obsolescence study as data: a preset, the overrides that size it (a wide dataset of many
 * identities with few images each, so each identity, and therefore each class weight's own
 * gradient, comes by rarely), the user's overrides, and one head per method. Every method trains
 * the same encoder with the same batch, schedule and number of steps; only the head keys differ.
 *
 * <p>Override order: size, then the user's {@code --set}s, then the method's head keys, so a
 * {@code --set} can resize the study but not turn one method into another.
 *
 * @param evaluations held-out evaluations per method, evenly spaced, the last at the final step
 */
public record ObsolescencePlan(String preset, List<String> sizeOverrides, List<String> userOverrides, List<HeadCase> methods,
                               int evaluations) {
    public static final String DEFAULT_METHODS = "full,pfc:0.1,pfc:0.01,dsoftmax:1024,pm:2048";

    /**
     * Sized for well under an hour on a 2-core CPU with the cpu preset's encoder: 20,000
     * identities x 4 images at 32 px; 1,200 steps of 32 identities is about two visits per
     * identity. Drift is measured every step so that the logged steps (one in log_every) carry it.
     */
    public static final List<String> FULL_SIZE = List.of(
            "data=synthetic:identities=20000,images=4,size=32,seed=7",
            "train.steps=1200",
            "train.log_every=10",
            "train.checkpoint_every=0",
            "train.keep_checkpoints=1",
            "schedule.warmup_steps=100",
            "eval.identities=500",
            "eval.images_per_identity=20",
            "eval.pairs=6000",
            "eval.all_pairs_identities=100",
            "eval.all_pairs_images=20",
            "pfc.drift_every=1",
            "dsoftmax.drift_every=1");

    /** A couple of minutes: tiny images and encoder, few steps, a small held-out set. */
    public static final List<String> QUICK_SIZE = List.of(
            "data=synthetic:identities=2000,images=4,size=16,seed=7",
            "encoder.type=iresnet",
            "encoder.depth=18",
            "encoder.width=0.125",
            "encoder.input_size=16",
            "encoder.embedding_size=64",
            "batch.size=32",
            "batch.images_per_identity=4",
            "train.steps=30",
            "train.log_every=5",
            "train.checkpoint_every=0",
            "train.keep_checkpoints=1",
            "train.loader_workers=1",
            "schedule.warmup_steps=5",
            "eval.identities=60",
            "eval.images_per_identity=6",
            "eval.pairs=600",
            "eval.all_pairs_identities=30",
            "eval.all_pairs_images=6",
            "pfc.drift_every=1",
            "dsoftmax.drift_every=1");

    public ObsolescencePlan {
        if (methods.isEmpty()) throw new IllegalArgumentException("the study needs at least one method");
        if (evaluations < 1) throw new IllegalArgumentException("evaluations must be >= 1 (the final one), got " + evaluations);
        sizeOverrides = List.copyOf(sizeOverrides);
        userOverrides = List.copyOf(userOverrides);
        methods = List.copyOf(methods);
    }

    /**
     * A plan for {@code preset} at the quick or full size.
     *
     * @param userOverrides {@code key=value} settings applied after the size's
     * @param methods       comma-separated heads, e.g. "full,pfc:0.1,pm"
     * @param evaluations   evaluations per method, the final one included (at least 1)
     * @throws IllegalArgumentException if no method is given, a method cannot be parsed or {@code evaluations} &lt; 1
     */
    public static ObsolescencePlan of(String preset, boolean quick, List<String> userOverrides, String methods, int evaluations) {
        return new ObsolescencePlan(preset, quick ? QUICK_SIZE : FULL_SIZE, userOverrides, HeadCase.parseList(methods), evaluations);
    }

    /** The full configuration one method trains with. */
    public Config config(HeadCase method) {
        List<String> all = new ArrayList<>(sizeOverrides);
        all.addAll(userOverrides);
        all.addAll(method.configOverrides());
        return Config.load(preset, all);
    }

    /** Output folder name of a method, e.g. "pfc-0.01" (file-system safe). */
    public static String folderName(HeadCase method) {
        return method.label().replace(':', '-');
    }

    /**
     * Steps after which to evaluate: {@code evaluations} evenly spaced counts of completed steps,
     * the last equal to {@code totalSteps} (e.g. 4 over 1,200 steps: 300, 600, 900, 1,200).
     */
    public static long[] evaluationSteps(long totalSteps, int evaluations) {
        int n = (int) Math.min(evaluations, totalSteps);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = Math.round(totalSteps * (i + 1) / (double) n);
        return out;
    }
}
