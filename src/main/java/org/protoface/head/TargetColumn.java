package org.protoface.head;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;

/**
 * The target-column plumbing every margin shares: read each row's target cosine, turn a cosine
 * into an angle safely, and put a modified value back into the target column.
 */
public final class TargetColumn {
    /**
     * Cosines are clamped to [-1 + EPS, 1 - EPS] before acos. d acos(c)/dc = -1/sqrt(1 - c^2) is
     * infinite at c = +-1; with EPS = 1e-6 (representable in float32 next to 1) it is at most about
     * 700 in magnitude, so a sample already aligned with its prototype cannot produce an inf/NaN
     * gradient. Outside the clamp the gradient through theta is zero, which is the right answer
     * there (the cosine cannot move further).
     */
    static final double EPS = 1e-6;

    private TargetColumn() {}

    /** Each row's target cosine, B x 1 (keeps the gradient of {@code cosines}). */
    public static Tensor gather(Tensor cosines, Tensor targets) {
        return cosines.gather(1, column(targets));
    }

    /** {@code values} (B x C) with each row's target entry replaced by {@code newTarget} (B x 1). */
    public static Tensor replace(Tensor values, Tensor targets, Tensor newTarget) {
        // Out-of-place scatter: gradient reaches values everywhere except the target column, and
        // newTarget in the target column.
        return values.scatter(1, column(targets), newTarget);
    }

    /** theta = acos(clamp(cos, -1 + EPS, 1 - EPS)), finite gradient everywhere. */
    public static Tensor angle(Tensor cosines) {
        return cosines.clamp(new ScalarOptional(new Scalar(-1.0 + EPS)), new ScalarOptional(new Scalar(1.0 - EPS))).acos();
    }

    private static Tensor column(Tensor targets) {
        return targets.view(-1, 1);
    }
}
